package httpfast

import "net/url"

// parseTarget parses a request target into u as url.ParseRequestURI
// does. An origin-form target whose path needs no unescaping (letters,
// digits, "-._~/") and whose query, if any, is not empty is split at its
// first "?" without allocating; any other goes through
// url.ParseRequestURI (FuzzParseTarget checks they agree).
func parseTarget(target string, u *url.URL) error {
	path, query := target, ""
	for i := 0; i < len(target); i++ {
		if target[i] == '?' {
			path, query = target[:i], target[i+1:]
			if query == "" {
				return parseSlow(target, u) // "/p?" sets ForceQuery
			}
			break
		}
	}
	if path == "" || path[0] != '/' || !plainPath(path) {
		return parseSlow(target, u)
	}
	*u = url.URL{Path: path, RawQuery: query}
	return nil
}

func parseSlow(target string, u *url.URL) error {
	p, err := url.ParseRequestURI(target)
	if err != nil {
		return err
	}
	*u = *p
	return nil
}

// plainPath reports whether p holds only characters that a URL path
// keeps as they are.
func plainPath(p string) bool { return allIn(p, &pathChar) }

var pathChar = byteClass("-._~/")
