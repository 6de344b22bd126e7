//go:build !unix

package mmapfile

import (
	"errors"
	"os"
)

const canMap = false

func mapRead(*os.File, int) ([]byte, func() error, error) {
	return nil, nil, errors.New("mmapfile: no memory mapping on this platform")
}
