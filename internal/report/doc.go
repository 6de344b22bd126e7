// Package report turns traces and the incidents registry into documents
// people send to others:
//
//   - the incident report (Build): where the stolen value went, by
//     laundering channel (exchanges, OTC/brokers, bridges, mixers, DEXes,
//     other services, resting), by entity, by asset, per day, how fast it
//     reached services, and the largest evidence paths; rendered as
//     Markdown, self-contained HTML with inline SVG charts, or JSON;
//   - the freeze-request package (Freeze): per exchange, an HTML letter
//     body, a CSV of the deposit accounts and the JSON evidence, in one ZIP
//     with a folder per exchange;
//   - the activity summary (Summarize), shaped like the 2025 MSMT report:
//     stolen value per year, actor, victim and laundering channel, as CSV,
//     JSON or HTML.
//
// Amounts are exact: decimal base-unit strings in JSON and CSV, summed with
// math/big, shown with the asset's decimals where they are known (native
// coins and a short table of well-known tokens) and in base units
// otherwise. Times come from the stored block headers; when a block has no
// time the report falls back to block numbers and says so. USD figures are
// only the registry's published ones; nothing is priced.
//
// Every renderer is deterministic (same input and Options.Now, same
// bytes), so the outputs are golden-tested; all text from labels and
// incidents is escaped in HTML and SVG.
package report
