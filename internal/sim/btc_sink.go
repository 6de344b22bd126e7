package sim

import (
	"errors"
	"os"
)

// btcSink writes whole formatted buffers to a file on its own goroutine:
// the buffers themselves are handed over (not copied) and come back for
// reuse. There are at most sinkBuffers of them, so memory stays bounded.
type btcSink struct {
	f     *os.File
	full  chan []byte
	free  chan []byte
	done  chan error
	alloc int // buffers made so far
}

const sinkBuffers = 8

func createSink(path string) (*btcSink, error) {
	f, err := os.Create(path)
	if err != nil {
		return nil, err
	}
	s := &btcSink{f: f, full: make(chan []byte, sinkBuffers), free: make(chan []byte, sinkBuffers), done: make(chan error, 1)}
	go s.loop()
	return s, nil
}

func (s *btcSink) loop() {
	var err error
	for b := range s.full {
		if err == nil {
			_, err = s.f.Write(b)
		}
		s.free <- b[:0]
	}
	s.done <- err
}

// buffer returns an empty buffer: a returned one, a new one while fewer
// than sinkBuffers exist, else the next one the writing goroutine returns.
func (s *btcSink) buffer() []byte {
	select {
	case b := <-s.free:
		return b
	default:
	}
	if s.alloc < sinkBuffers {
		s.alloc++
		return make([]byte, 0, 4<<20) // a shard of a typical block fits
	}
	return <-s.free
}

// write hands b, a buffer from buffer, to the writing goroutine; b must
// not be used after.
func (s *btcSink) write(b []byte) { s.full <- b }

// close waits for the queued buffers to be written and closes the file.
func (s *btcSink) close() error {
	close(s.full)
	err := <-s.done
	return errors.Join(err, s.f.Close())
}
