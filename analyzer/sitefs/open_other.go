//go:build !unix

package sitefs

// nonBlock is 0 where opening a file cannot wait for a writer (Windows
// opens named pipes through their own API; WASI has no FIFOs).
const nonBlock = 0
