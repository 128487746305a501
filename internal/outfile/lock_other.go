//go:build !unix

package outfile

// lockDir does not lock where flock is missing; stale temporary folders
// are still removed, and two writes of the same folder at once are the
// caller's to avoid.
func lockDir(string) (func(), error) { return func() {}, nil }
