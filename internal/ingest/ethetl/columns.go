package ethetl

// Wanted columns of each file, by index constants. Column names are those
// of the public ethereum-etl exporter.

// transactions.csv
const (
	txHash = iota
	txBlock
	txIndex
	txFrom
	txTo
	txValue
	txTimestamp
	txReceiptStatus
	txReceiptContract
)

// receipts.csv
const (
	rcHash = iota
	rcBlock
	rcIndex
	rcStatus
	rcContract
)

// blocks.csv
const (
	bkNumber = iota
	bkHash
	bkTimestamp
	bkWithdrawals
)

// traces.csv
const (
	trBlock = iota
	trTxHash
	trTxIndex
	trFrom
	trTo
	trValue
	trType
	trCallType
	trAddress
	trError
	trStatus
)

// token_transfers.csv
const (
	ttToken = iota
	ttFrom
	ttTo
	ttValue
	ttTxHash
	ttLogIndex
	ttBlock
)

// logs.csv
const (
	lgLogIndex = iota
	lgTxHash
	lgTxIndex
	lgBlock
	lgAddress
	lgData
	lgTopics
)

var fileColumns = [numFiles][]column{
	fileTransactions: {
		{"hash", true}, {"block_number", true}, {"transaction_index", true},
		{"from_address", true}, {"to_address", true}, {"value", true},
		{"block_timestamp", false}, {"receipt_status", false}, {"receipt_contract_address", false},
	},
	fileReceipts: {
		{"transaction_hash", true}, {"block_number", true}, {"transaction_index", true},
		{"status", true}, {"contract_address", false},
	},
	fileBlocks: {
		{"number", true}, {"hash", true}, {"timestamp", true}, {"withdrawals", false},
	},
	fileTraces: {
		{"block_number", true}, {"transaction_hash", true}, {"transaction_index", true},
		{"from_address", true}, {"to_address", true}, {"value", true},
		{"trace_type", true}, {"call_type", true}, {"trace_address", true},
		{"error", true}, {"status", true},
	},
	fileTokenTransfers: {
		{"token_address", true}, {"from_address", true}, {"to_address", true},
		{"value", true}, {"transaction_hash", true}, {"log_index", true}, {"block_number", true},
	},
	fileLogs: {
		{"log_index", true}, {"transaction_hash", true}, {"transaction_index", true},
		{"block_number", true}, {"address", true}, {"data", true}, {"topics", true},
	},
}
