package cli_test

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"
)

var (
	vigilBinOnce sync.Once
	vigilBin     string
	vigilBinErr  error
)

// vigilBinary builds ./cmd/vigil once for tests that run vigil as a
// process (to kill it or signal it).
func vigilBinary(t *testing.T) string {
	t.Helper()
	vigilBinOnce.Do(func() {
		dir, err := os.MkdirTemp("", "vigil-bin-")
		if err != nil {
			vigilBinErr = err
			return
		}
		vigilBin = filepath.Join(dir, "vigil")
		cmd := exec.Command(filepath.Join(runtime.GOROOT(), "bin", "go"), "build", "-o", vigilBin, "../../cmd/vigil")
		if out, err := cmd.CombinedOutput(); err != nil {
			vigilBinErr = err
			vigilBin = string(out)
		}
	})
	if vigilBinErr != nil {
		t.Fatalf("building vigil: %v\n%s", vigilBinErr, vigilBin)
	}
	return vigilBin
}

// proc is a running vigil process with its stderr collected.
type proc struct {
	cmd    *exec.Cmd
	mu     sync.Mutex
	stderr bytes.Buffer
	done   chan struct{}
	code   int
}

func (p *proc) Write(b []byte) (int, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.stderr.Write(b)
}

// Stderr returns what the process wrote to stderr so far.
func (p *proc) Stderr() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.stderr.String()
}

func startVigil(t *testing.T, data string, args ...string) *proc {
	t.Helper()
	p := &proc{done: make(chan struct{})}
	p.cmd = exec.Command(vigilBinary(t), append([]string{"--data", data}, args...)...)
	p.cmd.Stderr = p
	if err := p.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() {
		p.cmd.Wait()
		p.code = p.cmd.ProcessState.ExitCode()
		close(p.done)
	}()
	t.Cleanup(func() { p.cmd.Process.Kill(); <-p.done })
	return p
}

// waitStderr waits until stderr contains s.
func (p *proc) waitStderr(t *testing.T, s string) {
	t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for !strings.Contains(p.Stderr(), s) {
		select {
		case <-p.done:
			t.Fatalf("vigil exited %d before printing %q:\n%s", p.code, s, p.Stderr())
		case <-time.After(50 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			t.Fatalf("vigil did not print %q in 60 s:\n%s", s, p.Stderr())
		}
	}
}

// wait waits for the process to end and returns its exit status.
func (p *proc) wait(t *testing.T) int {
	t.Helper()
	select {
	case <-p.done:
		return p.code
	case <-time.After(60 * time.Second):
		t.Fatalf("vigil did not exit in 60 s:\n%s", p.Stderr())
		return -1
	}
}
