package cli

import (
	"context"
	"fmt"
	"os/signal"
	"syscall"
	"text/tabwriter"
	"time"

	"github.com/vigil-project/vigil/internal/store"
	"github.com/vigil-project/vigil/internal/watch"
)

func init() {
	register("alerts", "alerts raised by watches: alerts [--watch ID] [--status S] | alerts deliver", runAlerts)
}

func runAlerts(env *Env, args []string) error {
	rest := args
	if len(rest) >= 2 && rest[0] == "--data" {
		rest = rest[2:]
	}
	if len(rest) > 0 && rest[0] == "deliver" {
		return runAlertsDeliver(env, append(args[:len(args)-len(rest):len(args)-len(rest)], rest[1:]...))
	}
	var c common
	fs := newFlags("alerts", env, &c)
	wid := fs.String("watch", "", "only alerts of this watch")
	status := fs.String("status", "", "only alerts with this status: new, delivered or orphaned")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usagef("unexpected argument %q (alerts [--watch ID] [--status S] | alerts deliver)", pos[0])
	}
	f := watch.Filter{Watch: *wid, Status: *status}
	if err := f.Validate(); err != nil {
		return err
	}
	s, err := storeIfExists(&c)
	if err != nil {
		return err
	}
	out := []store.AlertRecord{}
	if s != nil {
		defer s.Close()
		if out, err = watch.Alerts(s, f); err != nil {
			return err
		}
	}
	if c.json {
		return writeJSON(env.Stdout, map[string]any{"alerts": out})
	}
	printAlerts(env, out)
	return nil
}

func printAlerts(env *Env, as []store.AlertRecord) {
	t := tabwriter.NewWriter(env.Stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(t, "ID\tWATCH\tSTATUS\tBLOCK\tCONF\tTX\tFROM\tTO\tASSET\tAMOUNT\tFOLLOWED")
	for _, a := range as {
		fmt.Fprintf(t, "%s\t%s\t%s\t%d\t%d\t%s\t%s\t%s\t%s\t%s\t%d\n", a.ID, a.Watch, a.Status, a.Block, a.Confirmations,
			a.Tx, a.From, a.To, a.Asset, a.Amount, len(a.Followed))
	}
	t.Flush()
}

func runAlertsDeliver(env *Env, args []string) error {
	var c common
	fs := newFlags("alerts deliver", env, &c)
	timeout := fs.Duration("timeout", time.Minute, "give up the pass after this long (undelivered alerts stay queued)")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usagef("unexpected argument %q", pos[0])
	}
	s, err := openStore(&c, false)
	if err != nil {
		return err
	}
	defer s.Close()
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	defer stop()
	ctx, cancel := context.WithTimeout(ctx, *timeout)
	defer cancel()
	d := watch.NewDeliverer(s)
	d.Now = true
	d.Logf = func(format string, a ...any) { fmt.Fprintf(env.Stderr, "vigil: alerts deliver: "+format+"\n", a...) }
	st, err := d.Once(ctx)
	if err != nil {
		return err
	}
	left, err := s.Outbox(0)
	if err != nil {
		return err
	}
	out := struct {
		watch.DeliverStats
		Queued int `json:"queued"`
	}{st, len(left)}
	if c.json {
		if err := writeJSON(env.Stdout, out); err != nil {
			return err
		}
	} else {
		fmt.Fprintf(env.Stdout, "delivered %d, failed %d, dropped %d; %d deliveries still queued\n", st.Delivered, st.Failed, st.Dropped, len(left))
	}
	if st.Failed > 0 {
		return fmt.Errorf("%d deliveries failed and %d more wait behind a failing target; they stay queued (run vigil alerts deliver again)", st.Failed, st.Waiting)
	}
	return nil
}
