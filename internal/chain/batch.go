package chain

// AddrID is the compact per-chain number of an address. 0 means "no
// address" (an OP_RETURN output, a contract creation without a known
// target); real addresses start at 1.
type AddrID uint32

// NoAddr is the AddrID of a missing address.
const NoAddr AddrID = 0

// Interner maps address (or token) bytes in canonical form to compact IDs.
// The bytes are only read during the call. Implementations hand out new IDs
// for unseen keys; the store persists them with the batch that uses them.
type Interner interface {
	Intern(key []byte) uint32
}

// MapInterner is a simple in-memory Interner for tests and tools. IDs start
// at 1 in order of first appearance.
type MapInterner struct {
	IDs  map[string]uint32
	Keys [][]byte // Keys[id-1] is the key of id
}

// Intern returns the ID of key, adding it when new.
func (m *MapInterner) Intern(key []byte) uint32 {
	if m.IDs == nil {
		m.IDs = make(map[string]uint32)
	}
	if id, ok := m.IDs[string(key)]; ok {
		return id
	}
	k := append([]byte(nil), key...)
	m.Keys = append(m.Keys, k)
	id := uint32(len(m.Keys))
	m.IDs[string(k)] = id
	return id
}

// Key returns the key of id, or nil.
func (m *MapInterner) Key(id uint32) []byte {
	if id == 0 || int(id) > len(m.Keys) {
		return nil
	}
	return m.Keys[id-1]
}

// BlockHeader is what vigil keeps of a block itself.
type BlockHeader struct {
	Number uint64
	Hash   Hash // zero when the source has no blocks file
	Time   int64
}

// Parts flags which kinds of data a source supplied for a block. Re-ingest
// replaces a block's part only when the new data supplies it (see the
// account-chain merge rules in package store).
type Parts uint8

const (
	// PartTxs: the block's transaction list.
	PartTxs Parts = 1 << iota
	// PartTxNative: native moves derived from top-level transactions.
	PartTxNative
	// PartTraceNative: native moves derived from traces (supersede PartTxNative).
	PartTraceNative
	// PartTokens: token moves (from token_transfers or Transfer logs).
	PartTokens
	// PartHeader: the block header came from a blocks file.
	PartHeader
	// PartUTXO: a complete UTXO block (transactions, inputs, outputs).
	PartUTXO
)

// TransferKind says where an account-chain value move came from.
type TransferKind uint8

const (
	// KindTx is the value of a top-level transaction.
	KindTx TransferKind = 1
	// KindInternal is an internal call (trace) with value, incl. create.
	KindInternal TransferKind = 2
	// KindSelfdestruct is a selfdestruct (suicide) payout.
	KindSelfdestruct TransferKind = 3
	// KindToken is an ERC-20 Transfer.
	KindToken TransferKind = 4
	// KindReward is a block or uncle reward, or a genesis allocation.
	KindReward TransferKind = 5
	// KindWithdrawal is a beacon-chain withdrawal.
	KindWithdrawal TransferKind = 6
)

// AccountTx is one transaction of an account chain, failed ones included.
type AccountTx struct {
	Block  uint64
	Index  uint32 // position in the block
	Hash   Hash
	From   AddrID
	To     AddrID // NoAddr for contract creation
	Value  U256
	Failed bool
}

// AccountTransfer is one value move on an account chain. Transfers of a
// block are ordered by (TxIndex, Pos); Pos orders moves inside a transaction.
// TxIndex is NoTx for moves outside any transaction (rewards, withdrawals).
type AccountTransfer struct {
	Block   uint64
	TxIndex uint32
	Pos     uint32
	Kind    TransferKind
	From    AddrID
	To      AddrID
	Asset   AssetID // Native or an interned token
	Amount  U256
}

// NoTx marks a transfer that belongs to no transaction.
const NoTx = ^uint32(0)

// AccountBlock is one block of an account chain as parsed from a source.
type AccountBlock struct {
	Header    BlockHeader
	Parts     Parts
	TxCount   int // transactions in the source for this block (when PartTxs)
	Txs       []AccountTx
	Transfers []AccountTransfer // native moves and token moves, merged in order
}

// UTXOInput is one input of a UTXO transaction. Value and Addr come from the
// source when it resolved the spent output (bitcoin-etl does); otherwise
// HasValue is false and the store resolves them from the spent output.
type UTXOInput struct {
	SpentTx    Hash
	SpentIndex uint32
	Addr       AddrID
	Value      uint64
	HasValue   bool
}

// UTXOOutput is one output of a UTXO transaction. Addr is NoAddr for outputs
// without an address (OP_RETURN, non-standard scripts without one).
type UTXOOutput struct {
	Index uint32
	Addr  AddrID
	Value uint64
}

// UTXOTx is one transaction of a UTXO chain with its inputs and outputs.
type UTXOTx struct {
	Hash     Hash
	Index    uint32 // position in the block
	Coinbase bool
	Inputs   []UTXOInput
	Outputs  []UTXOOutput
}

// UTXOBlock is one block of a UTXO chain as parsed from a source.
type UTXOBlock struct {
	Header BlockHeader
	Txs    []UTXOTx
}
