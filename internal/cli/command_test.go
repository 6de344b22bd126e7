package cli

import "testing"

// TestCommand checks the command name main reads before deciding to
// restart an ingest without signal preemption.
func TestCommand(t *testing.T) {
	cases := []struct {
		args []string
		want string
	}{
		{nil, ""},
		{[]string{"ingest", "ethereum-etl", "D"}, "ingest"},
		{[]string{"--data", "S", "ingest", "bitcoin-etl", "F"}, "ingest"},
		{[]string{"--data=S", "stats"}, "stats"},
		{[]string{"--data"}, ""},
		{[]string{"help", "ingest"}, "help"},
	}
	for _, c := range cases {
		if got := Command(c.args); got != c.want {
			t.Errorf("Command(%q) = %q, want %q", c.args, got, c.want)
		}
	}
}
