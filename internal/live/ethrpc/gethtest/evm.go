package gethtest

import (
	"encoding/hex"
	"fmt"
	"math/big"
	"strings"
)

// A tiny EVM assembler for the end-to-end contracts (there is no solc
// here). A program is a list of items: an opcode name, "PUSHn:hex", a
// label definition "@name" (a JUMPDEST) or a label reference "&name"
// (PUSH2 of its offset).

// opcodes are the opcodes the contracts use.
var opcodes = map[string]byte{
	"STOP": 0x00, "ADD": 0x01, "SUB": 0x03, "LT": 0x10, "GT": 0x11, "EQ": 0x14, "ISZERO": 0x15,
	"SHR": 0x1c, "CALLER": 0x33, "CALLVALUE": 0x34, "CALLDATALOAD": 0x35, "CODECOPY": 0x39,
	"POP": 0x50, "MSTORE": 0x52, "SLOAD": 0x54, "SSTORE": 0x55, "JUMP": 0x56, "JUMPI": 0x57,
	"GAS": 0x5a, "JUMPDEST": 0x5b, "DUP1": 0x80, "DUP2": 0x81, "DUP3": 0x82, "SWAP1": 0x90,
	"LOG3": 0xa3, "CREATE": 0xf0, "CALL": 0xf1, "CREATE2": 0xf5, "NUMBER": 0x43, "RETURN": 0xf3, "DELEGATECALL": 0xf4, "REVERT": 0xfd, "SELFDESTRUCT": 0xff,
}

// Assemble returns the bytecode of prog.
func Assemble(prog ...string) []byte {
	labels := map[string]int{}
	for pass := 0; pass < 2; pass++ {
		var code []byte
		for _, it := range prog {
			switch {
			case strings.HasPrefix(it, "@"):
				labels[it[1:]] = len(code)
				code = append(code, opcodes["JUMPDEST"])
			case strings.HasPrefix(it, "&"):
				at := labels[it[1:]]
				code = append(code, 0x61, byte(at>>8), byte(at))
			case strings.HasPrefix(it, "PUSH"):
				var n int
				var arg string
				fmt.Sscanf(it, "PUSH%d:%s", &n, &arg)
				b, err := hex.DecodeString(fmt.Sprintf("%0*s", 2*n, arg))
				if err != nil || len(b) != n {
					panic("bad push " + it)
				}
				code = append(append(code, byte(0x5f+n)), b...)
			default:
				op, ok := opcodes[it]
				if !ok {
					panic("unknown opcode " + it)
				}
				code = append(code, op)
			}
		}
		if pass == 1 {
			return code
		}
	}
	return nil
}

// TransferSigHex is keccak256("Transfer(address,address,uint256)").
const TransferSigHex = "ddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef"

// Deployer wraps runtime code in init code that runs pre (the
// constructor) and returns runtime.
func Deployer(runtime []byte, pre ...string) []byte {
	wrap := func(off int) []byte {
		p := append(append([]string{}, pre...),
			fmt.Sprintf("PUSH2:%04x", len(runtime)), "DUP1", fmt.Sprintf("PUSH2:%04x", off), "PUSH1:00", "CODECOPY", "PUSH1:00", "RETURN")
		return Assemble(p...)
	}
	n := len(wrap(0))
	return append(wrap(n), runtime...)
}

// TokenCode is a minimal ERC-20: transfer(address,uint256) (reverts when
// the balance is short) and balanceOf(address), balances stored at the
// address as key; the constructor mints supply to the deployer with a
// Transfer from address zero.
func TokenCode(supply string) []byte {
	runtime := Assemble(
		"PUSH1:00", "CALLDATALOAD", "PUSH1:e0", "SHR",
		"DUP1", "PUSH4:a9059cbb", "EQ", "&transfer", "JUMPI",
		"DUP1", "PUSH4:70a08231", "EQ", "&balanceOf", "JUMPI",
		"@fail", "PUSH1:00", "DUP1", "REVERT",
		"@balanceOf", "PUSH1:04", "CALLDATALOAD", "SLOAD", "PUSH1:00", "MSTORE", "PUSH1:20", "PUSH1:00", "RETURN",
		"@transfer",
		"CALLER", "SLOAD", "PUSH1:24", "CALLDATALOAD", // bal amt
		"DUP1", "DUP3", "LT", "&fail", "JUMPI", // bal < amt: revert
		"DUP1", "DUP3", "SUB", "CALLER", "SSTORE", // balance[caller] = bal-amt
		"PUSH1:04", "CALLDATALOAD", "SLOAD", "DUP2", "ADD", "PUSH1:04", "CALLDATALOAD", "SSTORE", // balance[to] += amt
		"DUP1", "PUSH1:00", "MSTORE", // mem[0] = amt
		"PUSH1:04", "CALLDATALOAD", "CALLER", "PUSH32:"+TransferSigHex, "PUSH1:20", "PUSH1:00", "LOG3",
		"PUSH1:01", "PUSH1:00", "MSTORE", "PUSH1:20", "PUSH1:00", "RETURN",
	)
	return Deployer(runtime,
		"PUSH32:"+supply, "CALLER", "SSTORE",
		"PUSH32:"+supply, "PUSH1:00", "MSTORE",
		"CALLER", "PUSH1:00", "PUSH32:"+TransferSigHex, "PUSH1:20", "PUSH1:00", "LOG3",
	)
}

// ForwarderCode forwards the call's value to target with an internal CALL
// and succeeds whether or not that call did.
func ForwarderCode(target string) []byte {
	return Deployer(Assemble(
		"PUSH1:00", "PUSH1:00", "PUSH1:00", "PUSH1:00", "CALLVALUE", "PUSH20:"+target, "GAS", "CALL", "POP", "STOP",
	))
}

// DelegatorCode runs impl's code (a forwarder) with DELEGATECALL: the
// forwarding CALL is then made by the delegator itself.
func DelegatorCode(impl string) []byte {
	return Deployer(Assemble(
		"PUSH1:00", "PUSH1:00", "PUSH1:00", "PUSH1:00", "PUSH20:"+impl, "GAS", "DELEGATECALL", "POP", "STOP",
	))
}

// ReverterCode reverts every call.
func ReverterCode() []byte { return Deployer(Assemble("PUSH1:00", "DUP1", "REVERT")) }

// DestructorCode selfdestructs to beneficiary on every call.
func DestructorCode(beneficiary string) []byte {
	return Deployer(Assemble("PUSH20:"+beneficiary, "SELFDESTRUCT"))
}

// TokenCall encodes the call transfer(to, amount) of TokenCode (to: 40 hex
// digits without 0x).
func TokenCall(to string, amount *big.Int) []byte {
	b, _ := hex.DecodeString("a9059cbb" + strings.Repeat("0", 24) + to)
	word := make([]byte, 32)
	amount.FillBytes(word)
	return append(b, word...)
}

// BalanceOfCall encodes balanceOf(a) as 0x-hex call data.
func BalanceOfCall(a string) string { return "0x70a08231" + strings.Repeat("0", 24) + a }

// FactoryCode creates an empty contract with the call's value on every
// call: with CREATE2 (salt: the value) when create2, else with CREATE.
func FactoryCode(create2 bool) []byte {
	if create2 {
		return Deployer(Assemble("CALLVALUE", "PUSH1:00", "PUSH1:00", "CALLVALUE", "CREATE2", "POP", "STOP"))
	}
	return Deployer(Assemble("PUSH1:00", "PUSH1:00", "CALLVALUE", "CREATE", "POP", "STOP"))
}
