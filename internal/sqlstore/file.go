package sqlstore

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"runtime"
	"strings"

	"github.com/himitsu-oss/himitsu"
)

// sqlitePath returns the file path of a SQLite DSN: without a "file:"
// prefix and without the query.
func sqlitePath(dsn string) string {
	p, _, _ := strings.Cut(dsn, "?")
	return strings.TrimPrefix(p, "file:")
}

// sharedBits are the permission bits that let other accounts read or
// change a file.
const sharedBits fs.FileMode = 0o066

// prepareSQLiteFile creates the database file with mode 0600 when it is
// absent (SQLite itself would create it 0644, and gives its -wal and -shm
// files the mode of the database file), and refuses a database whose
// file, -wal or -shm others may read or write, unless allowShared.
func prepareSQLiteFile(path string, allowShared bool) error {
	const op = "sqlstore.Open"
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	switch {
	case err == nil:
		if err := f.Close(); err != nil {
			return &himitsu.Error{Op: op, Kind: himitsu.KindInternal, File: path, Err: err}
		}
	case errors.Is(err, fs.ErrExist):
	default:
		return &himitsu.Error{Op: op, Kind: himitsu.KindInvalid, File: path, Err: err,
			Msg: "cannot create the database file", MsgJA: "データベースファイルを作成できない"}
	}
	if allowShared || runtime.GOOS == "windows" {
		// Windows has no permission bits to check; its ACLs are the
		// administrator's to set.
		return nil
	}
	for _, p := range []string{path, path + "-wal", path + "-shm"} {
		fi, err := os.Stat(p)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return &himitsu.Error{Op: op, Kind: himitsu.KindInvalid, File: p, Err: err,
				Msg: "cannot inspect the database file", MsgJA: "データベースファイルの状態を確認できない"}
		}
		if m := fi.Mode().Perm(); m&sharedBits != 0 {
			return &himitsu.Error{Op: op, Kind: himitsu.KindPermission, File: p,
				Msg:   fmt.Sprintf("the database file has mode %04o: other accounts may read the carriers' records; run 'chmod 600 %s*', or accept it with --allow-shared-db (env HIMITSU_ALLOW_SHARED_DB=1)", m, path),
				MsgJA: fmt.Sprintf("データベースファイルのモードが %04o であり、他のアカウントが事業者の記録を読める。'chmod 600 %s*' を実行するか、--allow-shared-db（環境変数 HIMITSU_ALLOW_SHARED_DB=1）で許容すること", m, path)}
		}
	}
	return nil
}
