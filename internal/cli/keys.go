package cli

import (
	"errors"
	"fmt"
	"text/tabwriter"
	"time"

	"github.com/vigil-project/vigil/internal/store"
)

func init() {
	register("keys", "API keys of vigil serve --auth: keys create --name N | list | revoke ID", runKeys)
}

const keysUsage = "usage: vigil keys create --name NAME | list | revoke ID [--json]"

func runKeys(env *Env, args []string) error {
	if len(args) >= 3 && args[0] == "--data" {
		args = append([]string{args[2], "--data", args[1]}, args[3:]...)
	}
	if len(args) == 0 {
		return usagef("%s", keysUsage)
	}
	var c common
	fs := newFlags("keys "+args[0], env, &c)
	name := fs.String("name", "", "what the key is for (keys create)")
	pos, err := parse(fs, args[1:])
	if err != nil {
		return err
	}
	switch args[0] {
	case "create":
		if *name == "" {
			return usagef("keys create needs --name NAME")
		}
		return keysCreate(env, &c, *name)
	case "list":
		return keysList(env, &c)
	case "revoke":
		if err := needArgs(pos, 1, "key ID (see vigil keys list)"); err != nil {
			return err
		}
		return keysRevoke(env, &c, pos[0])
	}
	return usagef("unknown keys command %q (%s)", args[0], keysUsage)
}

func keysCreate(env *Env, c *common, name string) error {
	s, err := openStore(c, false)
	if err != nil {
		return err
	}
	defer s.Close()
	key, rec, err := s.CreateAPIKey(name, time.Now())
	if err != nil {
		return err
	}
	if c.json {
		return writeJSON(env.Stdout, map[string]any{"id": rec.ID, "name": rec.Name, "key": key, "created_at": rec.CreatedAt})
	}
	fmt.Fprintf(env.Stdout, "%s\n", key)
	fmt.Fprintf(env.Stderr, "vigil: keys: created %s (%s); the key above is shown only now: only its SHA-256 is stored\n", rec.ID, rec.Name)
	return nil
}

func keysList(env *Env, c *common) error {
	keys := []store.APIKey{}
	s, err := storeIfExists(c)
	if err != nil {
		return err
	}
	if s != nil {
		defer s.Close()
		got, err := s.APIKeys()
		if err != nil {
			return err
		}
		keys = append(keys, got...)
	}
	if c.json {
		return writeJSON(env.Stdout, map[string]any{"keys": keys})
	}
	tw := tabwriter.NewWriter(env.Stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "id\tname\tcreated\trevoked")
	for _, k := range keys {
		rev := "-"
		if k.Revoked() {
			rev = k.RevokedAt
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", k.ID, k.Name, k.CreatedAt.Format(time.RFC3339), rev)
	}
	return tw.Flush()
}

func keysRevoke(env *Env, c *common, id string) error {
	s, err := openStore(c, false)
	if err != nil {
		return err
	}
	defer s.Close()
	k, err := s.RevokeAPIKey(id, time.Now())
	if errors.Is(err, store.ErrNotFound) {
		return usagef("no API key %q (see vigil keys list)", id)
	}
	if err != nil {
		return err
	}
	if c.json {
		return writeJSON(env.Stdout, k)
	}
	fmt.Fprintf(env.Stdout, "revoked %s (%s) at %s\n", k.ID, k.Name, k.RevokedAt)
	return nil
}
