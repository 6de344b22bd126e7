package graph

import "github.com/vigil-project/vigil/internal/mmapfile"

// mapFile maps the index file at path read-only (mmapfile.Map); an empty
// file is not an index file.
func mapFile(path string) ([]byte, func() error, error) {
	data, release, err := mmapfile.Map(path)
	if err == nil && len(data) == 0 {
		release()
		return nil, nil, errBadFile
	}
	return data, release, err
}
