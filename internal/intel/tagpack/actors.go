package tagpack

import (
	"fmt"
	"os"

	"gopkg.in/yaml.v3"

	"github.com/vigil-project/vigil/internal/inputerr"
)

// Actor is one entry of a GraphSense ActorPack.
type Actor struct {
	ID         string   `yaml:"id" json:"id"`
	Label      string   `yaml:"label" json:"label"`
	URI        string   `yaml:"uri" json:"uri,omitempty"`
	Categories []string `yaml:"categories" json:"categories,omitempty"`
}

// Actors maps actor id to actor.
type Actors map[string]Actor

// LoadActorPack reads a GraphSense ActorPack YAML file.
func LoadActorPack(path string) (Actors, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var doc struct {
		Actors []Actor `yaml:"actors"`
	}
	if err := yaml.Unmarshal(b, &doc); err != nil {
		return nil, inputerr.Wrap(path, yamlLine(err), err)
	}
	out := make(Actors, len(doc.Actors))
	for i, a := range doc.Actors {
		if a.ID == "" || a.Label == "" {
			return nil, inputerr.Wrap(path, 0, fmt.Errorf("actor %d has no id or label", i+1))
		}
		out[a.ID] = a
	}
	return out, nil
}

// Name returns the label of actor id, or id itself when unknown.
func (a Actors) Name(id string) string {
	if x, ok := a[id]; ok {
		return x.Label
	}
	return id
}
