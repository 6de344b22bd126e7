package cli

import (
	"encoding/json"
	"io"
	"math/big"
	"strings"
)

// writeJSON prints v as one indented JSON document.
func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

// formatUnits prints a base-unit amount with decimals, e.g. 1.5 for
// 1500000000000000000 wei at 18 decimals. Trailing zeros are trimmed.
func formatUnits(amount string, decimals int) string {
	neg := strings.HasPrefix(amount, "-")
	digits := strings.TrimPrefix(amount, "-")
	if decimals <= 0 {
		return amount
	}
	if len(digits) <= decimals {
		digits = strings.Repeat("0", decimals-len(digits)+1) + digits
	}
	whole, frac := digits[:len(digits)-decimals], strings.TrimRight(digits[len(digits)-decimals:], "0")
	out := whole
	if frac != "" {
		out += "." + frac
	}
	if neg {
		out = "-" + out
	}
	return out
}

// bigSub returns a-b in base 10.
func bigSub(a, b *big.Int) string { return new(big.Int).Sub(a, b).String() }
