package cli

import (
	"errors"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"

	"github.com/vigil-project/vigil/internal/inputerr"
)

// Env is what a command runs with.
type Env struct {
	Stdout, Stderr io.Writer
	Getenv         func(string) string
}

// command is one subcommand.
type command struct {
	summary string
	run     func(env *Env, args []string) error
}

var commands = map[string]command{}

func register(name, summary string, run func(env *Env, args []string) error) {
	commands[name] = command{summary: summary, run: run}
}

// Main runs vigil with args (without the program name) and returns the exit
// status.
func Main(args []string, env *Env) int {
	if env == nil {
		env = &Env{Stdout: os.Stdout, Stderr: os.Stderr, Getenv: os.Getenv}
	}
	args, data, err := leadingData(args)
	if err != nil {
		return fail(env, err)
	}
	if len(args) == 2 && args[0] == "help" {
		args = []string{args[1], "--help"} // vigil help CMD
	}
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		usage(env.Stderr)
		if len(args) == 0 {
			return 2
		}
		return 0
	}
	cmd, ok := commands[args[0]]
	if !ok {
		return fail(env, inputerr.Usagef("unknown command %q (run 'vigil help')", args[0]))
	}
	rest := args[1:]
	if data != "" {
		rest = append([]string{"--data", data}, rest...)
	}
	if err := cmd.run(env, rest); err != nil {
		var h *helpRequest
		if errors.As(err, &h) {
			printHelp(env.Stdout, cmd.summary, h.fs)
			return 0
		}
		if len(rest) > 0 && (rest[0] == "-h" || rest[0] == "--help") && exitCode(err) == 2 {
			// A command with subcommands: its summary names them.
			fmt.Fprintf(env.Stdout, "usage: vigil %s <subcommand> [flags] [args]\n\n%s\n", args[0], cmd.summary)
			return 0
		}
		return fail(env, fmt.Errorf("%s: %w", args[0], err))
	}
	return 0
}

// leadingData accepts "--data DIR" before the subcommand.
func leadingData(args []string) ([]string, string, error) {
	data := ""
	for len(args) > 0 {
		a := args[0]
		switch {
		case a == "--data" || a == "-data":
			if len(args) < 2 {
				return nil, "", inputerr.Usagef("--data needs a directory")
			}
			data, args = args[1], args[2:]
		case strings.HasPrefix(a, "--data=") || strings.HasPrefix(a, "-data="):
			data, args = a[strings.Index(a, "=")+1:], args[1:]
		default:
			return args, data, nil
		}
	}
	return args, data, nil
}

// fail prints err and returns its exit status.
func fail(env *Env, err error) int {
	msg := err.Error()
	fmt.Fprintf(env.Stderr, "vigil: %s\n", strings.ReplaceAll(msg, "\n", " "))
	return exitCode(err)
}

func exitCode(err error) int {
	if inputerr.Is(err) || inputerr.IsUsage(err) || errors.Is(err, errUsage) {
		return 2
	}
	return 1
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "usage: vigil [--data DIR] <command> [flags] [args]")
	fmt.Fprintln(w, "\ncommands:")
	names := make([]string, 0, len(commands))
	for n := range commands {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(w, "  %-10s %s\n", n, commands[n].summary)
	}
	fmt.Fprintln(w, "\nEvery command takes --data DIR (default $VIGIL_DATA, else ./vigil-data) and most take --json.")
	fmt.Fprintln(w, "'vigil help CMD' or 'vigil CMD --help' lists a command's flags.")
}

// Command returns the command that Main would run for args (after a
// leading --data), or "" when there is none.
func Command(args []string) string {
	args, _, err := leadingData(args)
	if err != nil || len(args) == 0 {
		return ""
	}
	return args[0]
}
