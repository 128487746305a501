package demo

// Name parts for the synthetic workforce. Surnames lean towards those common
// in Tohoku, where the demo carrier is based; every combination is fictional.
var surnames = [...]string{
	"佐藤", "高橋", "鈴木", "伊藤", "渡辺", "斎藤", "阿部", "菅原", "千葉", "佐々木",
	"三浦", "遠藤", "菊地", "及川", "小野寺", "熊谷", "今野", "紺野", "工藤", "武田",
	"田中", "山本", "中村", "小林", "加藤", "吉田", "山田", "山口", "松本", "井上",
	"木村", "林", "清水", "山崎", "森", "池田", "橋本", "石川", "山下", "中島",
	"石井", "小川", "前田", "岡田", "長谷川", "藤田", "後藤", "近藤", "村上", "青木",
	"坂本", "福田", "太田", "西村", "藤井", "金子", "岡本", "藤原", "中野", "中川",
	"原田", "松田", "竹内", "小野", "田村", "中山", "和田", "石田", "森田", "上田",
	"柴田", "酒井", "横山", "宮崎", "宮本", "内田", "高木", "安藤", "島田", "大野",
	"丸山", "今井", "河野", "村田", "上野", "杉山", "増田", "平野", "大塚", "久保",
	"松井", "小島", "岩崎", "桜井", "野口", "菅野", "大友", "庄司", "八重樫", "猪股",
}

var givenNames = [...]string{
	"健太", "翔太", "大輔", "拓也", "直樹", "和也", "達也", "雄一", "浩二", "誠",
	"隆", "学", "剛", "亮", "悠斗", "陽向", "蓮", "大翔", "湊", "颯太",
	"聡", "修", "豊", "博", "淳", "翼", "涼", "健一", "正樹", "康弘",
	"美咲", "愛", "彩", "陽子", "恵", "由美", "真由美", "裕子", "明美", "智子",
	"久美子", "直美", "麻衣", "沙織", "香織", "舞", "優子", "理恵", "千尋", "結衣",
	"陽菜", "葵", "美穂", "奈々", "瑞穂", "早紀", "亜美", "絵里", "薫", "望",
	"光", "芽衣", "美月", "花", "真央", "遥", "里奈", "友美", "紀子", "幸子",
}

// personName returns a distinct name for the n-th person while n is below
// len(surnames)*len(givenNames); the stride spreads neighbours apart.
func personName(n int) string {
	total := len(surnames) * len(givenNames)
	k := (n*7919 + 13) % total
	return surnames[k%len(surnames)] + " " + givenNames[k/len(surnames)]
}
