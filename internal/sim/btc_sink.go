package sim

import (
	"errors"
	"os"
)

// btcSink writes whole formatted buffers to a file on its own goroutine:
// the buffers themselves are handed over (not copied) and come back for
// reuse. At most sinkQueue buffers wait, so memory stays bounded.
type btcSink struct {
	f    *os.File
	full chan []byte
	free chan []byte
	done chan error
}

const sinkQueue = 4

func createSink(path string) (*btcSink, error) {
	f, err := os.Create(path)
	if err != nil {
		return nil, err
	}
	s := &btcSink{f: f, full: make(chan []byte, sinkQueue), free: make(chan []byte, 2*sinkQueue), done: make(chan error, 1)}
	go s.loop()
	return s, nil
}

func (s *btcSink) loop() {
	var err error
	for b := range s.full {
		if err == nil {
			_, err = s.f.Write(b)
		}
		select {
		case s.free <- b[:0]:
		default: // enough spare buffers
		}
	}
	s.done <- err
}

// buffer returns an empty buffer, a returned one when there is one.
func (s *btcSink) buffer() []byte {
	select {
	case b := <-s.free:
		return b
	default:
		return make([]byte, 0, 1<<20)
	}
}

// write hands b to the writing goroutine; b must not be used after.
func (s *btcSink) write(b []byte) {
	if len(b) > 0 {
		s.full <- b
	}
}

// close waits for the queued buffers to be written and closes the file.
func (s *btcSink) close() error {
	close(s.full)
	err := <-s.done
	return errors.Join(err, s.f.Close())
}
