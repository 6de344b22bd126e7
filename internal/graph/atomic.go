package graph

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"

	"github.com/vigil-project/vigil/internal/atomicfile"
)

// writeAtomic replaces path with what fill writes (atomicfile.Write).
func writeAtomic(path string, fill func(f *os.File) error) error {
	if err := atomicfile.Write(path, fill); err != nil {
		return fmt.Errorf("graph: %w", err)
	}
	return nil
}

// writeJSONFile writes v as indented JSON to path atomically.
func writeJSONFile(path string, v any) error {
	b, err := json.MarshalIndent(v, "", " ")
	if err != nil {
		return err
	}
	return writeAtomic(path, func(f *os.File) error {
		_, err := f.Write(b)
		return err
	})
}

// mapped is a segment whose file may be memory-mapped.
type mapped interface{ release() error }

func (s *Segment) release() error     { return unmapOf(s.unmap) }
func (s *UTXOSegment) release() error { return unmapOf(s.unmap) }

func unmapOf(unmap func() error) error {
	if unmap == nil {
		return nil
	}
	return unmap()
}

// closeAll unmaps every segment's file.
func closeAll[S mapped](segs []S) error {
	var errs []error
	for _, s := range segs {
		errs = append(errs, s.release())
	}
	return errors.Join(errs...)
}
