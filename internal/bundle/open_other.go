//go:build !unix

package bundle

// openNonblock is 0 where the system has no non-blocking open; the
// regular-file check before opening still refuses pipes and devices.
const openNonblock = 0
