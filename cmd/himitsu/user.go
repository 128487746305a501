package main

import (
	"bufio"
	"context"
	"fmt"
	"strings"

	"github.com/himitsu-oss/himitsu"
	"github.com/himitsu-oss/himitsu/internal/auth"
	"github.com/himitsu-oss/himitsu/internal/server"
)

const userAboutJA = `Web画面の利用者を作成又は一覧する。user create はパスワードを標準入力の1行目から
読む（12文字以上）。--carrier を省略すると、管理者にはデータベースの全事業者を付与する。
規制当局（regulator）には事業者を一つだけ付与できる。`

// stringList is a repeatable flag.
type stringList []string

func (l *stringList) String() string     { return strings.Join(*l, ",") }
func (l *stringList) Set(v string) error { *l = append(*l, v); return nil }

func runUser(ctx context.Context, e *env, args []string) error {
	if len(args) == 0 || (args[0] != "create" && args[0] != "list" && args[0] != "-h" && args[0] != "--help") {
		return usagef("use 'himitsu user create NAME' or 'himitsu user list'")
	}
	sub := args[0]
	if sub == "-h" || sub == "--help" {
		sub = "create"
	} else {
		args = args[1:]
	}
	roles := make([]string, len(himitsu.Roles))
	for i, r := range himitsu.Roles {
		roles[i] = string(r)
	}
	fs := newFlagSet(e, "user", "create [--role ROLE] [--carrier ID]… [--display NAME] [--lang ja|en] NAME  |  user list",
		`Create a user of the web application, reading the password (at least 12
characters) from the first line of standard input, or list the users.
Without --carrier an administrator is granted every carrier in the
database; a regulator is granted exactly one.`,
		"echo 'a long passphrase' | himitsu user create --role compliance-officer --carrier minato-mobile hanako")
	db := dbFlag(e, fs)
	shared := sharedDBFlag(e, fs)
	role := fs.String("role", "admin", "role: "+strings.Join(roles, ", "))
	display := fs.String("display", "", "display name")
	lang := fs.String("lang", messageLang(e), "language of the pages: ja or en")
	var carriers stringList
	fs.Var(&carriers, "carrier", "carrier the user may see (repeat for several)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	s, err := openStore(ctx, e, *db, *shared)
	if err != nil {
		return err
	}
	defer s.Close()
	if sub == "list" {
		us, err := s.Users(ctx)
		if err != nil {
			return err
		}
		for _, u := range us {
			state := ""
			if u.Disabled {
				state = " (disabled)"
			}
			fmt.Fprintf(e.stdout, "%-20s %-20s %s%s\n", u.Name, u.Role, strings.Join(u.Carriers, ","), state)
		}
		return nil
	}
	if fs.NArg() != 1 {
		return usagef("give the user name")
	}
	line, err := bufio.NewReader(e.stdin).ReadString('\n')
	if err != nil && line == "" {
		return usagef("give the password on standard input")
	}
	u, err := server.CreateUser(ctx, s, auth.DefaultParams(), server.NewUser{
		Name: fs.Arg(0), DisplayName: *display, Password: strings.TrimRight(line, "\r\n"), Role: himitsu.Role(*role), Lang: *lang,
		Carriers: carriers, AllCarriers: len(carriers) == 0 && (*role == string(himitsu.RoleAdmin) || *role == string(himitsu.RoleRegulator)),
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stderr, "created user %s (%s) with carriers %v\n", u.Name, u.Role, u.Carriers)
	return nil
}
