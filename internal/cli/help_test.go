package cli

import (
	"bytes"
	"strings"
	"testing"
)

// TestCommandHelp asks every registered command for its help, as
// `vigil CMD --help` and `vigil help CMD`: exit 0, the usage on stdout,
// nothing on stderr, and flags listed for commands that take them.
func TestCommandHelp(t *testing.T) {
	for name := range commands {
		for _, args := range [][]string{{name, "--help"}, {"help", name}, {name, "-h"}} {
			var out, errb bytes.Buffer
			env := &Env{Stdout: &out, Stderr: &errb, Getenv: func(string) string { return "" }}
			if code := Main(args, env); code != 0 || errb.Len() != 0 {
				t.Errorf("%q: exit %d, stderr %q", args, code, errb.String())
				continue
			}
			if !strings.HasPrefix(out.String(), "usage: vigil "+name) {
				t.Errorf("%q: stdout %q", args, out.String())
			}
		}
	}
	var out bytes.Buffer
	Main([]string{"trace", "--help"}, &Env{Stdout: &out, Stderr: &out, Getenv: func(string) string { return "" }})
	for _, f := range []string{"-seed", "-max-hops", "-policy", "-json", "-data"} {
		if !strings.Contains(out.String(), f) {
			t.Errorf("trace --help does not list %s:\n%s", f, out.String())
		}
	}
}
