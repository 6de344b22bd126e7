package chain

import (
	"strings"
	"testing"
)

func TestCheckUTXOName(t *testing.T) {
	many := "multisig:" + strings.Repeat("1BoatSLRHtKNngkdXEeobR76b53LETtpyT,", 20) + "1BoatSLRHtKNngkdXEeobR76b53LETtpyT"
	for _, c := range []struct {
		name string
		ok   bool
	}{
		{"1BoatSLRHtKNngkdXEeobR76b53LETtpyT", true},
		{"multisig:1BoatSLRHtKNngkdXEeobR76b53LETtpyT,1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa", true},
		{"multisig:rltc1qxyz,rltc1qabc", true},
		{"multisig:", false},
		{"multisig:a,,b", false},
		{"multisig:a,b c", false},
		{"1Boat,1A1z", false}, // commas only in a multisig name
		{many, false},         // 21 keys
	} {
		if err := CheckUTXOName([]byte(c.name)); (err == nil) != c.ok {
			t.Errorf("%q: %v, want ok=%v", c.name, err, c.ok)
		}
	}
}
