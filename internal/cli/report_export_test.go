package cli

import "time"

// SetReportNow fixes the generation time of reports, for tests; it
// returns a function restoring the clock.
func SetReportNow(t time.Time) func() {
	old := reportNow
	reportNow = func() time.Time { return t }
	return func() { reportNow = old }
}
