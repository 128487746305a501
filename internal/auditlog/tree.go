package auditlog

import (
	"crypto/sha256"
	"hash"
	"math/bits"

	"golang.org/x/mod/sumdb/tlog"
)

// Hash is a node of the tree: tlog.Hash, SHA-256.
type Hash = tlog.Hash

// hasher computes RFC 6962 leaf and node hashes with one reused SHA-256
// state, so that building a tree allocates nothing per node.
type hasher struct {
	h   hash.Hash
	buf [1 + 2*tlog.HashSize]byte
	out [sha256.Size]byte
}

func newHasher() *hasher { return &hasher{h: sha256.New()} }

// leaf returns SHA-256(0x00 || data), equal to tlog.RecordHash.
func (x *hasher) leaf(data []byte) Hash {
	x.h.Reset()
	x.buf[0] = 0
	x.h.Write(x.buf[:1])
	x.h.Write(data)
	return Hash(x.h.Sum(x.out[:0]))
}

// node returns SHA-256(0x01 || l || r), equal to tlog.NodeHash.
func (x *hasher) node(l, r Hash) Hash {
	x.h.Reset()
	x.buf[0] = 1
	copy(x.buf[1:], l[:])
	copy(x.buf[1+tlog.HashSize:], r[:])
	x.h.Write(x.buf[:])
	return Hash(x.h.Sum(x.out[:0]))
}

// Range is the right edge of a tree: the roots of its perfect subtrees,
// largest first (a compact range from 0). Appending a leaf yields exactly
// the hashes tlog stores for it, in order from tlog.StoredHashIndex(0, n),
// so the builder and the verifier share one definition of the layout.
type Range struct {
	size  int64
	stack []Hash // perfect subtree roots, left to right
	x     *hasher
}

// NewRange returns the range of an empty tree.
func NewRange() *Range { return &Range{x: newHasher()} }

// RangeFrom returns the range of a tree of size n whose right-edge
// subtree roots are edge, left to right (as Edge returns them).
func RangeFrom(n int64, edge []Hash) *Range {
	return &Range{size: n, stack: append([]Hash(nil), edge...), x: newHasher()}
}

// EdgeIndexes lists the stored-hash indexes of the right edge of a tree
// of size n, left to right: what RangeFrom needs.
func EdgeIndexes(n int64) []int64 {
	var out []int64
	for l := 63; l >= 0; l-- {
		if n&(1<<l) != 0 {
			out = append(out, tlog.StoredHashIndex(l, n>>l-1))
		}
	}
	return out
}

// Size is the number of leaves.
func (r *Range) Size() int64 { return r.size }

// Edge returns the right-edge subtree roots, left to right.
func (r *Range) Edge() []Hash { return append([]Hash(nil), r.stack...) }

// Append adds the leaf with the given data and appends to dst the hashes
// to store for it: its leaf hash and one per subtree it completes.
func (r *Range) Append(data []byte, dst []Hash) []Hash {
	return r.AppendHash(r.x.leaf(data), dst)
}

// AppendHash is Append for a precomputed leaf hash.
func (r *Range) AppendHash(h Hash, dst []Hash) []Hash {
	dst = append(dst, h)
	for k := bits.TrailingZeros64(^uint64(r.size)); k > 0; k-- {
		top := len(r.stack) - 1
		h = r.x.node(r.stack[top], h)
		r.stack = r.stack[:top]
		dst = append(dst, h)
	}
	r.stack = append(r.stack, h)
	r.size++
	return dst
}

// Root returns the RFC 6962 root hash: the subtree roots folded from the
// right. The empty tree's root is SHA-256 of nothing.
func (r *Range) Root() Hash {
	if len(r.stack) == 0 {
		return Hash(sha256.Sum256(nil))
	}
	h := r.stack[len(r.stack)-1]
	for i := len(r.stack) - 2; i >= 0; i-- {
		h = r.x.node(r.stack[i], h)
	}
	return h
}

// LeafHash returns the RFC 6962 hash of a leaf's data.
func LeafHash(data []byte) Hash { return tlog.RecordHash(data) }
