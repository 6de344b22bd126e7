package sim

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
)

// goldenHashes are the SHA-256 of each file written by Eth with
// Config{Seed: 42, Background: 3000}, recorded before commingling and
// payroll existed: with both options off the output must stay identical.
var goldenHashes = map[string]string{
	"blocks.csv":          "8a8e8fd6ede68e6f470a02864abf65b4f376ae3920ad582157430d433fa3183d",
	"transactions.csv":    "72826211f815963716348b6b32ec3a3c890f6cd567da0b1b30fd6693e487916c",
	"receipts.csv":        "7cd144f17d90be906768ed3ffccf9fedd8cffcc8d74498fcd3bfba3814f30902",
	"traces.csv":          "6110378c9744e753ed3af518ab8b18b90a61077cca1ceb1f90ad5dfdc4a63d01",
	"token_transfers.csv": "050293d70f6b55bc35870ad3551879ecc46af98801a0b97bcfc24631b0b729ad",
	"labels.csv":          "67d08fcb07593701138c738ef81512460403e196677d658cd677f52d5129c9c6",
	"truth.json":          "1e6f05bf55fc550c7b20d727c57542f706a57bee8a8782b5ab7e7e8c8a4d646b",
	"summary":             "270c62ee5ab6b5e2ddf9769a5e86b002dfbba91bbcecd47c4531afea3dcb2c90",
}

func fileHashes(t *testing.T, dir string, names []string) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, name := range names {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		s := sha256.Sum256(b)
		out[name] = hex.EncodeToString(s[:])
	}
	return out
}

// TestOptionsOffGolden checks the default output is byte-identical to the
// output recorded before the commingling and payroll options were added.
func TestOptionsOffGolden(t *testing.T) {
	dir, s := simulate(t, 42, 3000)
	got := fileHashes(t, dir, s.Files)
	s.Dir = ""
	js, err := json.Marshal(s)
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(js)
	got["summary"] = hex.EncodeToString(sum[:])
	if len(got) != len(goldenHashes) {
		t.Errorf("files %v", s.Files)
	}
	for name, h := range got {
		if goldenHashes[name] != h {
			t.Errorf("%s: sha256 %s, golden %s", name, h, goldenHashes[name])
		}
	}
}
