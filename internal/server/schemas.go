package server

// Small builders of JSON Schema (OpenAPI 3.0 subset).
func str() obj           { return obj{"type": "string"} }
func integer() obj       { return obj{"type": "integer"} }
func boolean() obj       { return obj{"type": "boolean"} }
func arr(items obj) obj  { return obj{"type": "array", "items": items} }
func nullable(o obj) obj { o["nullable"] = true; return o }
func object(props obj, required ...string) obj {
	o := obj{"type": "object", "properties": props}
	if len(required) > 0 {
		o["required"] = required
	}
	return o
}

// amount is a decimal string of base units.
func amount() obj {
	return obj{"type": "string", "pattern": "^-?[0-9]+$", "description": "base units, decimal"}
}

// schemas are the components/schemas of the OpenAPI document.
func schemas() obj {
	label := object(obj{"entity": str(), "category": str(), "source": str(), "confidence": integer(), "actor": str(),
		"tlp": str(), "importer": str(), "imported_at": str(), "scope": str(), "status": str(), "first_seen": str(),
		"delisted_at": str(), "aliases": arr(str()), "source_category": str(), "asset": str(), "note": str(),
		"list": str(), "programs": arr(str()), "list_entry_id": str(), "list_date": str()},
		"entity", "category", "source", "confidence", "actor")
	assetAmount := object(obj{"asset": str(), "amount": amount(), "count": integer()}, "asset", "amount")
	free := obj{"type": "object", "additionalProperties": true}
	return obj{
		"Error": object(obj{"error": object(obj{"code": obj{"type": "string", "enum": errorCodes()}, "message": str(),
			"item": str()}, "code", "message")}, "error"),
		"Label": label,
		"LabelsResult": object(obj{"results": arr(object(obj{"chain": str(), "address": str(),
			"labels": arr(ref("Label"))}, "chain", "address", "labels"))}, "results"),
		"Address": object(obj{"chain": str(), "address": str(), "seen": boolean(), "received": arr(assetAmount),
			"sent": arr(assetAmount), "balances": arr(object(obj{"asset": str(), "amount": amount()}, "asset", "amount")),
			"first_block": nullable(integer()), "last_block": nullable(integer()), "labels": arr(ref("Label"))},
			"chain", "address", "received", "sent", "balances", "first_block", "last_block", "labels"),
		"TraceResult": traceSchema(),
		"Incident":    object(obj{"id": str(), "name": str(), "origin": str(), "chains": arr(str()), "seeds": arr(free)}, "id", "name", "origin"),
		"Incidents":   object(obj{"incidents": arr(ref("Incident"))}, "incidents"),
		"ScreenRequest": object(obj{"chain": str(), "addresses": obj{"type": "array", "items": str(), "maxItems": DefaultMaxBatch},
			"hops": integer(), "explain": boolean()}, "chain", "addresses"),
		"ScreenResult": object(obj{"results": arr(object(obj{"chain": str(), "address": str(),
			"risk":   obj{"type": "string", "enum": []string{"severe", "high", "medium", "low", "none"}},
			"direct": arr(free), "indirect": arr(free)}, "chain", "address", "risk"))}, "results"),
		"NameScreenRequest": object(obj{"names": obj{"type": "array", "items": str(), "maxItems": DefaultMaxBatch},
			"threshold": obj{"type": "number"}, "limit": integer()}, "names"),
		"NameScreenResult": object(obj{"results": arr(object(obj{"query": str(), "matches": arr(object(obj{"entity": str(),
			"alias": str(), "score": str(), "source": str(), "list": str(), "programs": arr(str()), "list_entry_id": str()},
			"entity", "alias", "score", "source")), "hit": boolean()}, "query", "matches", "hit"))}, "results"),
		"IncidentReport": incidentReportSchema(), "ActivitySummary": activitySummarySchema(), "ZipFile": zipFileSchema(),
		"Identifications": object(obj{"identifications": arr(object(obj{"category": str(), "name": str(),
			"description": str(), "url": str()}, "category", "name", "description", "url"))}, "identifications"),
		"Health":  object(obj{"status": str()}, "status"),
		"OpenAPI": free,
		"Metrics": str(),
	}
}

func traceSchema() obj {
	endpoint := object(obj{"address": str(), "entity": str(), "category": str(), "deposit_for": nullable(str()),
		"asset": str(), "amount": amount(), "hops": integer(), "first_block": integer(), "last_block": integer(),
		"path": arr(str())}, "address", "entity", "category", "deposit_for", "asset", "amount", "hops", "path")
	return object(obj{"chain": str(), "policy": str(), "direction": str(), "seeds": arr(str()),
		"endpoints": arr(endpoint),
		"resting":   arr(object(obj{"address": str(), "asset": str(), "amount": amount()}, "address", "asset", "amount")),
		"stats": object(obj{"transfers_visited": integer(), "elapsed_ms": integer(), "addresses_tainted": integer(),
			"fees": arr(object(obj{"asset": str(), "amount": amount()})), "truncated": boolean()},
			"transfers_visited", "elapsed_ms")},
		"chain", "policy", "seeds", "endpoints", "resting", "stats")
}

// errorCodes lists the stable error codes.
func errorCodes() []string {
	return []string{CodeInternal, CodeBadParameter, CodeMissing, CodeBadAddress, CodeUnknownChain, CodeBadJSON,
		CodeBatchTooLarge, CodeBodyTooLarge, CodeUnauthorized, CodeNotFound, CodeMethod, CodeNotImplemented,
		CodeStoreBusy, CodeBadRequest}
}
