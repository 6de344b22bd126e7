package store

// aggWorker runs totals aggregation on a second goroutine, in order, while
// the committer encodes and writes block records. flush waits for it.
type aggWorker struct {
	jobs chan func()
	done chan struct{}
}

func startAggWorker() *aggWorker {
	w := &aggWorker{jobs: make(chan func(), 256), done: make(chan struct{})}
	go func() {
		defer close(w.done)
		for f := range w.jobs {
			f()
		}
	}()
	return w
}

// wait runs every queued job and stops the worker.
func (w *aggWorker) wait() {
	if w == nil {
		return
	}
	close(w.jobs)
	<-w.done
}
