package store

import (
	"encoding/json"
	"errors"
	"reflect"
	"testing"
	"time"
)

// FuzzDecodeAlertRecord: any bytes decode to a record or an error, never
// a panic; a record decodes again to itself after encoding.
func FuzzDecodeAlertRecord(f *testing.F) {
	f.Add([]byte(`{"id":"a1","watch":"w1","chain":"eth","tx":"0x01","from":"0xaa","to":"0xbb","asset":"eth","amount":"5","block":9,"confirmations":1,"status":"new","watched":"from","move":"m0","key":"00","pending":1,"created_at":"2026-11-29T12:00:00Z"}`))
	f.Add([]byte(`{"id":"a0"}`))
	f.Add([]byte(`{"id":"w1"}`))
	f.Add([]byte(`{"id":"a18446744073709551616"}`))
	f.Add([]byte(`[]`))
	f.Add([]byte(`{"id":"a2","followed":["x","y"],"delivered_at":"bad"}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		r, err := DecodeAlertRecord(b)
		if err != nil {
			return
		}
		enc, err := json.Marshal(&r)
		if err != nil {
			t.Fatal(err)
		}
		r2, err := DecodeAlertRecord(enc)
		if err != nil || !reflect.DeepEqual(normAlert(r), normAlert(r2)) {
			t.Fatalf("round trip: %v\n%+v\n%+v", err, r, r2)
		}
	})
}

// normAlert drops what JSON cannot keep exactly (monotonic clock, empty
// versus nil slices).
func normAlert(r AlertRecord) AlertRecord {
	r.CreatedAt, r.DeliveredAt, r.OrphanedAt = r.CreatedAt.UTC(), r.DeliveredAt.UTC(), r.OrphanedAt.UTC()
	if len(r.Followed) == 0 {
		r.Followed = nil
	}
	return r
}

// FuzzDecodeOutboxEntry: keys and values of any shape give an entry or an
// error, never a panic.
func FuzzDecodeOutboxEntry(f *testing.F) {
	f.Add([]byte("Wo\x00\x00\x00\x00\x00\x00\x00\x01"), []byte(`{"alert":"a1","watch":"w1","target":"webhook","attempts":2,"next_at":5}`))
	f.Add([]byte("Wo"), []byte(`{"target":"log"}`))
	f.Add([]byte("Wo\x00\x00\x00\x00\x00\x00\x00\x01"), []byte(`{"target":"smtp"}`))
	f.Fuzz(func(t *testing.T, k, v []byte) {
		e, err := DecodeOutboxEntry(k, v)
		if err == nil && (len(k) != 10 || e.Target != TargetWebhook && e.Target != TargetLog) {
			t.Fatalf("accepted key %q target %q", k, e.Target)
		}
	})
}

// FuzzDecodeWatch: a watch record decodes or errors, never panics; what
// decodes has a watch id and a known chain.
func FuzzDecodeWatch(f *testing.F) {
	f.Add([]byte(`{"id":"w1","chain":"eth","incident":"x","webhook":"https://h/","secret":"s","follow":true,"since_seq":3,"created_at":"2026-11-29T12:00:00Z"}`))
	f.Add([]byte(`{"id":"w1","chain":"nochain"}`))
	f.Add([]byte(`{"id":"x1","chain":"btc"}`))
	f.Add([]byte(`null`))
	f.Fuzz(func(t *testing.T, b []byte) {
		w, err := DecodeWatch(b)
		if err != nil {
			return
		}
		if _, err := WatchNum(w.ID); err != nil {
			t.Fatalf("accepted id %q", w.ID)
		}
	})
}

// TestWatchBatch covers ids, the dedupe and block indexes, the cursor and
// removal through the public batch API.
func TestWatchBatch(t *testing.T) {
	s := openTemp(t)
	b := s.NewWatchBatch()
	w := Watch{Chain: "eth", CreatedAt: time.Unix(0, 0).UTC()}
	if err := b.AddWatch(&w, []WatchAddr{{Address: "0xaa", Role: RoleAddress}}); err != nil {
		t.Fatal(err)
	}
	key := "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff"
	for i, blk := range []uint64{7, 9, 12} {
		r := AlertRecord{Alert: Alert{Watch: w.ID, Chain: "eth", Block: blk, Status: AlertNew}, Key: key[:62] + string("abc"[i]) + "0"}
		if err := b.NewAlert(eth, &r); err != nil {
			t.Fatal(err)
		}
	}
	if err := b.SetWatchCursor(eth, 42); err != nil {
		t.Fatal(err)
	}
	if err := b.Commit(); err != nil {
		t.Fatal(err)
	}
	ids, err := s.AlertsInBlocks(eth, 8, 12)
	if err != nil || !reflect.DeepEqual(ids, []string{"a2", "a3"}) {
		t.Fatalf("AlertsInBlocks(8, 12) = %v, %v", ids, err)
	}
	if seq, ok, err := s.WatchCursor(eth); seq != 42 || !ok || err != nil {
		t.Fatalf("cursor %d %v %v", seq, ok, err)
	}
	b = s.NewWatchBatch()
	n, ok, err := b.AlertByKey(key[:62] + "b0")
	if n != 2 || !ok || err != nil {
		t.Fatalf("AlertByKey = %d %v %v", n, ok, err)
	}
	if _, _, err := b.AlertByKey("zz"); err == nil {
		t.Fatal("a malformed key is accepted")
	}
	if err := b.RemoveWatch(w.ID); err != nil {
		t.Fatal(err)
	}
	if err := b.RemoveWatch("w9"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("removing a missing watch: %v", err)
	}
	if err := b.Commit(); err != nil {
		t.Fatal(err)
	}
	if ws, err := s.Watches(); len(ws) != 0 || err != nil {
		t.Fatalf("watches after removal: %v %v", ws, err)
	}
	if as, err := s.WatchAddrs(w.ID); len(as) != 0 || err != nil {
		t.Fatalf("addresses after removal: %v %v", as, err)
	}
	if _, err := s.GetAlert("a1"); err != nil {
		t.Fatalf("alerts are kept after removal: %v", err)
	}
}
