package sim

import (
	"errors"
	"os"
)

// chunkSize is the size of the buffers handed to a file's writing
// goroutine; each file has three, so memory stays bounded.
const chunkSize = 1 << 20

// asyncFile writes to a file on its own goroutine, so formatting rows and
// the write system calls (the larger cost) run in parallel.
type asyncFile struct {
	f    *os.File
	buf  []byte
	full chan []byte
	free chan []byte
	done chan error
}

func createAsync(path string) (*asyncFile, error) {
	f, err := os.Create(path)
	if err != nil {
		return nil, err
	}
	a := &asyncFile{f: f, buf: make([]byte, 0, chunkSize+4096),
		full: make(chan []byte, 2), free: make(chan []byte, 3), done: make(chan error, 1)}
	a.free <- make([]byte, 0, chunkSize+4096)
	a.free <- make([]byte, 0, chunkSize+4096)
	go a.loop()
	return a, nil
}

func (a *asyncFile) loop() {
	var err error
	for b := range a.full {
		if err == nil {
			_, err = a.f.Write(b)
		}
		a.free <- b[:0]
	}
	a.done <- err
}

// write appends p; a full buffer goes to the writing goroutine.
func (a *asyncFile) write(p []byte) {
	a.buf = append(a.buf, p...)
	if len(a.buf) >= chunkSize {
		a.full <- a.buf
		a.buf = <-a.free
	}
}

// close writes what is left, waits for the goroutine and closes the file.
func (a *asyncFile) close() error {
	if len(a.buf) > 0 {
		a.full <- a.buf
		a.buf = nil
	}
	close(a.full)
	err := <-a.done
	return errors.Join(err, a.f.Close())
}
