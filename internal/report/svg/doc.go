// Package svg draws the report charts as standalone SVG documents: a
// horizontal bar chart, stacked bars (a time series or a breakdown) and a
// Sankey-like flow. The output is deterministic (same input, same bytes),
// needs no script, font or network, and every piece of text is escaped, so
// names from labels or incidents cannot inject markup. Values only decide
// geometry; the text printed beside a bar is given by the caller (exact
// decimal amounts stay strings).
package svg
