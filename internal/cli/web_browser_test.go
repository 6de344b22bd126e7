package cli_test

// Helpers of the browser tests: Debian's Chromium, headless, driven
// through the DevTools protocol (chromedp).

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// chromium returns the browser binary, or skips the test naming the
// installer when there is none.
func chromium(t testing.TB) string {
	t.Helper()
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	t.Skip("chromium not found: install it with .ci/install.d/20-chromium.sh (apt-get install -y chromium)")
	return ""
}

// browserTab is one headless Chromium tab with its downloads directory,
// screenshots directory and the JavaScript problems it saw.
type browserTab struct {
	t         testing.TB
	ctx       context.Context
	downloads string
	shots     string
	problems  chan string // dialogs (an XSS would alert) and uncaught exceptions
}

// newTab starts Chromium with a fresh profile and returns a tab; it is
// closed when the test ends.
func newTab(t testing.TB) *browserTab {
	bin := chromium(t)
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(bin), chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun,
		chromedp.Flag("disable-quic", true), chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true), chromedp.Flag("disable-sync", true),
		chromedp.UserDataDir(t.TempDir()), chromedp.WindowSize(1366, 900),
	}
	actx, cancelA := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelC := chromedp.NewContext(actx)
	t.Cleanup(func() { cancelC(); cancelA() })
	b := &browserTab{t: t, ctx: ctx, downloads: t.TempDir(), shots: screenshotDir(t), problems: make(chan string, 64)}
	// The first call starts the browser: it must not carry a timeout.
	if err := chromedp.Do(ctx, chromedp.Navigate("about:blank")); err != nil {
		t.Fatalf("browser: start %s: %v", bin, err)
	}
	b.watch()
	allow := true
	if _, err := chromedp.CallBrowser(ctx, browser.SetDownloadBehavior, browser.SetDownloadBehaviorParams{
		Behavior: browser.SetDownloadBehaviorBehaviorAllow, DownloadPath: b.downloads, EventsEnabled: &allow}); err != nil {
		t.Fatalf("browser: downloads: %v", err)
	}
	return b
}

// watch records dialogs (an XSS would alert) and uncaught exceptions.
func (b *browserTab) watch() {
	dialogs := chromedp.Events(b.ctx, page.JavascriptDialogOpening)
	exceptions := chromedp.Events(b.ctx, runtime.ExceptionThrown)
	go func() {
		for ev, err := range dialogs {
			if err != nil {
				return
			}
			b.problems <- "dialog: " + ev.Message
			chromedp.Call(b.ctx, page.HandleJavaScriptDialog, page.HandleJavaScriptDialogParams{Accept: false})
		}
	}()
	go func() {
		for ev, err := range exceptions {
			if err != nil {
				return
			}
			b.problems <- "exception: " + ev.ExceptionDetails.Text + " " + exceptionDesc(ev.ExceptionDetails)
		}
	}()
}

func exceptionDesc(d *runtime.ExceptionDetails) string {
	if d.Exception != nil {
		return d.Exception.Description
	}
	return ""
}

// screenshotDir is $VIGIL_SCREENSHOTS (created) or a temporary directory.
func screenshotDir(t testing.TB) string {
	if d := os.Getenv("VIGIL_SCREENSHOTS"); d != "" {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
		return d
	}
	return t.TempDir()
}

// run runs chromedp actions (with a time limit) and fails the test on
// error.
func (b *browserTab) run(actions ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, 90*time.Second)
	defer cancel()
	if err := chromedp.Do(ctx, actions...); err != nil {
		if png, err2 := chromedp.Run(b.ctx, chromedp.CaptureScreenshot()); err2 == nil {
			p := filepath.Join(b.shots, "failed.png")
			os.WriteFile(p, png, 0o644)
			b.t.Logf("screenshot of the failure: %s", p)
		}
		b.t.Fatalf("browser: %v", err)
	}
}

// text returns the text of the first element matching sel (waiting for it).
func (b *browserTab) text(sel string) string {
	b.t.Helper()
	b.run(chromedp.WaitVisible(chromedp.CSS(sel)))
	s, err := chromedp.Run(b.ctx, chromedp.Text(chromedp.CSS(sel)))
	if err != nil {
		b.t.Fatalf("browser: text of %s: %v", sel, err)
	}
	return strings.TrimSpace(s)
}

// eval evaluates a JavaScript expression into out (JSON-decoded).
func (b *browserTab) eval(js string, out any) {
	b.t.Helper()
	raw, err := chromedp.Run(b.ctx, chromedp.Evaluate[[]byte](js))
	if err == nil {
		err = json.Unmarshal(raw, out)
	}
	if err != nil {
		b.t.Fatalf("browser: %s: %v", js, err)
	}
}

// open navigates to url and waits until the page named page has rendered.
func (b *browserTab) open(url, pageName string) {
	b.t.Helper()
	b.run(chromedp.Navigate(url))
	b.waitPage(pageName)
}

// waitPage waits for the page container named name to finish rendering.
func (b *browserTab) waitPage(name string) {
	b.t.Helper()
	b.run(chromedp.WaitVisible(chromedp.CSS(`.page[data-page="` + name + `"][data-ready="1"]`)))
}

// shot saves a screenshot of the viewport as name.png.
func (b *browserTab) shot(name string) {
	b.t.Helper()
	png, err := chromedp.Run(b.ctx, chromedp.CaptureScreenshot())
	if err != nil {
		b.t.Fatalf("browser: screenshot: %v", err)
	}
	p := filepath.Join(b.shots, name+".png")
	if err := os.WriteFile(p, png, 0o644); err != nil {
		b.t.Fatal(err)
	}
	b.t.Logf("screenshot %s", p)
}

// download waits for a file named name in the downloads directory.
func (b *browserTab) download(name string) []byte {
	b.t.Helper()
	p := filepath.Join(b.downloads, name)
	deadline := time.Now().Add(30 * time.Second)
	for {
		if data, err := os.ReadFile(p); err == nil && len(data) > 0 {
			if _, err := os.Stat(p + ".crdownload"); err != nil {
				return data
			}
		}
		if time.Now().After(deadline) {
			ents, _ := os.ReadDir(b.downloads)
			b.t.Fatalf("no download %s (have %v)", name, ents)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// clearDownloads empties the downloads directory.
func (b *browserTab) clearDownloads() {
	b.t.Helper()
	ents, err := os.ReadDir(b.downloads)
	if err != nil {
		b.t.Fatal(err)
	}
	for _, e := range ents {
		if err := os.Remove(filepath.Join(b.downloads, e.Name())); err != nil {
			b.t.Fatal(err)
		}
	}
}

// noProblems fails the test if a dialog opened or a script threw.
func (b *browserTab) noProblems() {
	b.t.Helper()
	for {
		select {
		case p := <-b.problems:
			b.t.Errorf("page: %s", p)
		default:
			return
		}
	}
}

// httpGet fetches url: status, headers and body.
func httpGet(t testing.TB, url string) (int, http.Header, []byte) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, resp.Header, body
}
