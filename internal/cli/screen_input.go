package cli

import (
	"bufio"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/vigil-project/vigil/internal/chain"
	"github.com/vigil-project/vigil/internal/inputerr"
	"github.com/vigil-project/vigil/internal/screen"
)

// screenItem is one address to screen and where it came from.
type screenItem struct {
	addr string
	file string // "" for a command-line argument
	line int
}

// fail names the item in err: bad input at file:line, or bad usage for an
// argument.
func (it screenItem) fail(err error) error {
	why := strings.TrimPrefix(err.Error(), screen.ErrInvalidAddress.Error()+": ")
	if it.file != "" {
		return inputerr.New(it.file, it.line, "%s", why)
	}
	if errors.Is(err, screen.ErrInvalidAddress) {
		return usagef("%s", why)
	}
	return err
}

// screenItems collects the addresses of the arguments and of --input and
// checks each for the chain, naming the first bad one.
func screenItems(ch chain.Info, args []string, input string) ([]screenItem, error) {
	items := make([]screenItem, 0, len(args))
	for _, a := range args {
		items = append(items, screenItem{addr: a})
	}
	if input != "" {
		f, err := os.Open(input)
		if err != nil {
			return nil, usagef("--input: %v", err)
		}
		defer f.Close()
		more, err := readScreenInput(f, input, screen.MaxBatch-len(items))
		if err != nil {
			return nil, err
		}
		items = append(items, more...)
	}
	if len(items) == 0 {
		return nil, usagef("no address to screen (give addresses or --input FILE)")
	}
	if len(items) > screen.MaxBatch {
		return nil, usagef("%d addresses: at most %d per call", len(items), screen.MaxBatch)
	}
	for _, it := range items {
		if _, err := chain.ValidateAddress(ch, it.addr); err != nil {
			return nil, it.fail(fmt.Errorf("%w: %w", screen.ErrInvalidAddress, err))
		}
	}
	return items, nil
}

// readScreenInput reads one address per line (blank lines and # comments
// skipped), or a CSV whose header has an "address" column. At most limit
// addresses.
func readScreenInput(r io.Reader, name string, limit int) ([]screenItem, error) {
	br := bufio.NewReaderSize(r, 64<<10)
	head, _ := br.Peek(64 << 10)
	first, _, _ := strings.Cut(string(head), "\n")
	if col := addressColumn(first); col >= 0 {
		return readScreenCSV(br, name, col, limit)
	}
	sc := bufio.NewScanner(br)
	sc.Buffer(make([]byte, 0, 4096), 4096)
	var out []screenItem
	for line := 1; sc.Scan(); line++ {
		s := strings.TrimSpace(strings.TrimPrefix(sc.Text(), "\ufeff"))
		if s == "" || strings.HasPrefix(s, "#") {
			continue
		}
		if len(out) >= limit {
			return nil, inputerr.New(name, line, "more than %d addresses: split the file", screen.MaxBatch)
		}
		out = append(out, screenItem{addr: s, file: name, line: line})
	}
	if err := sc.Err(); err != nil {
		return nil, inputerr.New(name, 0, "%v (lines are addresses, at most 4096 bytes)", err)
	}
	return out, nil
}

// addressColumn returns the index of the "address" column of a CSV header
// line, or -1 when the line is not such a header.
func addressColumn(line string) int {
	line = strings.TrimPrefix(strings.TrimSpace(line), "\ufeff")
	if !strings.Contains(line, ",") && !strings.EqualFold(strings.Trim(line, `"`), "address") {
		return -1
	}
	for i, f := range strings.Split(line, ",") {
		if strings.EqualFold(strings.Trim(strings.TrimSpace(f), `"`), "address") {
			return i
		}
	}
	return -1
}

func readScreenCSV(r io.Reader, name string, col, limit int) ([]screenItem, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true
	if _, err := cr.Read(); err != nil {
		return nil, inputerr.New(name, 1, "%v", err)
	}
	var out []screenItem
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			var pe *csv.ParseError
			line := 0
			if errors.As(err, &pe) {
				line = pe.Line
			}
			return nil, inputerr.New(name, line, "%v", err)
		}
		line, _ := cr.FieldPos(0)
		if col >= len(rec) {
			return nil, inputerr.New(name, line, "no address column (%d fields)", len(rec))
		}
		if len(out) >= limit {
			return nil, inputerr.New(name, line, "more than %d addresses: split the file", screen.MaxBatch)
		}
		out = append(out, screenItem{addr: strings.TrimSpace(rec[col]), file: name, line: line})
	}
}
