package ethrpc

// JSON shapes of the node's responses. Only the fields vigil reads are
// declared; JSON null decodes as "" (an absent value).

// rpcBlock is an eth_getBlockByNumber result with full transactions.
type rpcBlock struct {
	Number       string  `json:"number"`
	Hash         string  `json:"hash"`
	Timestamp    string  `json:"timestamp"`
	Transactions []rpcTx `json:"transactions"`
}

// rpcTx is one transaction of a block.
type rpcTx struct {
	Hash             string `json:"hash"`
	TransactionIndex string `json:"transactionIndex"`
	From             string `json:"from"`
	To               string `json:"to"`
	Value            string `json:"value"`
}

// rpcReceipt is an eth_getTransactionReceipt result (or one element of
// eth_getBlockReceipts).
type rpcReceipt struct {
	TransactionHash  string   `json:"transactionHash"`
	BlockHash        string   `json:"blockHash"`
	TransactionIndex string   `json:"transactionIndex"`
	Status           string   `json:"status"`
	ContractAddress  string   `json:"contractAddress"`
	Logs             []rpcLog `json:"logs"`
}

// rpcLog is one log of a receipt.
type rpcLog struct {
	Address  string   `json:"address"`
	Topics   []string `json:"topics"`
	Data     string   `json:"data"`
	LogIndex string   `json:"logIndex"`
}

// rpcTxTrace is one element of a debug_traceBlockByNumber result: the
// callTracer's top frame of one transaction, or the error tracing it.
type rpcTxTrace struct {
	TxHash string    `json:"txHash"`
	Result *rpcFrame `json:"result"`
	Error  string    `json:"error"`
}

// rpcFrame is one callTracer call frame.
type rpcFrame struct {
	Type  string     `json:"type"`
	From  string     `json:"from"`
	To    string     `json:"to"`
	Value string     `json:"value"`
	Error string     `json:"error"`
	Calls []rpcFrame `json:"calls"`
}

// callTracer is the tracer argument of debug_traceBlockByNumber.
var callTracer = map[string]any{"tracer": "callTracer"}
