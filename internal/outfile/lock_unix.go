//go:build unix

package outfile

import (
	"os"
	"syscall"
)

// lockDir takes an exclusive advisory lock on the folder dir, waiting for
// another holder, and returns its release. The kernel releases it when
// the process dies, so a killed export never leaves it held.
func lockDir(dir string) (func(), error) {
	f, err := os.Open(dir)
	if err != nil {
		return nil, err
	}
	for {
		err = syscall.Flock(int(f.Fd()), syscall.LOCK_EX)
		if err != syscall.EINTR {
			break
		}
	}
	if err != nil {
		f.Close()
		return nil, err
	}
	return func() {
		syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
		f.Close()
	}, nil
}
