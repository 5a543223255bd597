"""Synthetic raw article submissions for the end-to-end benchmark (tests/bench/e2e).

Writes JSON Lines, one raw submission (schemas/raw-article.schema.json) per line: Vietnamese
regional news of 2-5 KB of body from varied templates (provinces, people with titles,
organizations, legal documents, dates in the formats enrichment reads, figures with units), a
few English wire stories and HTML bodies, and about 1% invalid lines (broken JSON, missing
body, wrong types, unknown fields, blank bodies) that ingestd must dead-letter.

Speed: a body is mostly sentences drawn from a pool that is refilled with freshly generated
sentences every POOL_REFRESH articles, plus a lead paragraph generated for each article, so
200,000 articles take seconds, not minutes, and still differ from each other.

Every valid line gets a distinct article id (given, or derived the way ingestd derives it),
so the number of rows the benchmark waits for is exactly the number of valid lines.
"""

import hashlib
import json
import random
import sys
import time

PROVINCES = [
    "An Giang", "Bà Rịa - Vũng Tàu", "Bắc Giang", "Bắc Kạn", "Bạc Liêu", "Bắc Ninh", "Bến Tre",
    "Bình Định", "Bình Dương", "Bình Phước", "Bình Thuận", "Cà Mau", "Cao Bằng", "Đắk Lắk",
    "Đắk Nông", "Điện Biên", "Đồng Nai", "Đồng Tháp", "Gia Lai", "Hà Giang", "Hà Nam",
    "Hà Tĩnh", "Hải Dương", "Hậu Giang", "Hòa Bình", "Hưng Yên", "Khánh Hòa", "Kiên Giang",
    "Kon Tum", "Lai Châu", "Lâm Đồng", "Lạng Sơn", "Lào Cai", "Long An", "Nam Định", "Nghệ An",
    "Ninh Bình", "Ninh Thuận", "Phú Thọ", "Phú Yên", "Quảng Bình", "Quảng Nam", "Quảng Ngãi",
    "Quảng Ninh", "Quảng Trị", "Sóc Trăng", "Sơn La", "Tây Ninh", "Thái Bình", "Thái Nguyên",
    "Thanh Hóa", "Thừa Thiên Huế", "Tiền Giang", "Trà Vinh", "Tuyên Quang", "Vĩnh Long",
    "Vĩnh Phúc", "Yên Bái",
]
CITIES = ["Cần Thơ", "Đà Nẵng", "Hải Phòng", "Hà Nội", "Hồ Chí Minh", "Huế"]
DISTRICTS = [
    "Ninh Kiều", "Bình Thủy", "Cái Răng", "Ô Môn", "Thốt Nốt", "Phong Điền", "Cờ Đỏ",
    "Vĩnh Thạnh", "Thới Lai", "Châu Thành", "Long Mỹ", "Phụng Hiệp", "Tam Nông", "Hồng Ngự",
    "Tri Tôn", "Tịnh Biên", "Cai Lậy", "Gò Công", "Mỏ Cày Nam", "Ba Tri", "Đông Anh",
    "Gia Lâm", "Sóc Sơn", "Hòa Vang", "Sơn Trà", "Củ Chi", "Bình Chánh", "Cần Giờ", "Nhà Bè",
]
COMMUNES = [
    "Tân Thới", "Nhơn Ái", "Trường Long", "Mỹ Khánh", "Thạnh Phú", "Đông Thắng", "Vĩnh Trinh",
    "Thới Hưng", "Trung An", "Tân Lộc", "Giai Xuân", "Phước Thới", "Long Hòa", "An Bình",
]
SURNAMES = [
    "Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ",
    "Hồ", "Ngô", "Dương", "Lý", "Trương", "Đinh", "Lâm", "Mai", "Tô", "Châu", "Lương", "Cao",
]
MIDDLE = [
    "Văn", "Thị", "Hữu", "Minh", "Thanh", "Ngọc", "Quốc", "Thành", "Đức", "Hoàng", "Thu", "Kim",
    "Xuân", "Công", "Trung", "Bảo", "Anh", "Thúy", "Hồng", "Phước",
]
GIVEN = [
    "Hiểu", "Thy", "Hùng", "Dũng", "Lan", "Hoa", "Tâm", "Phúc", "Nam", "Bình", "Long", "Hải",
    "Sơn", "Tuấn", "Trung", "Hòa", "Mai", "Hương", "Thảo", "Khánh", "Quang", "Phong", "Vinh",
    "Thắng", "Nhân", "Lộc", "Tài", "Hạnh", "Nga", "Yến", "Toàn", "Nghĩa", "Thuận", "Cường",
]
HONORIFICS = ["đồng chí", "ông", "bà", "đồng chí", "ông"]
TITLES = [
    "Bí thư Tỉnh ủy {p}", "Phó Bí thư Thường trực Tỉnh ủy {p}", "Chủ tịch UBND tỉnh {p}",
    "Phó Chủ tịch UBND tỉnh {p}", "Chủ tịch HĐND tỉnh {p}", "Giám đốc Sở Y tế tỉnh {p}",
    "Giám đốc Sở Tài chính", "Phó Giám đốc Sở Nông nghiệp và Phát triển nông thôn",
    "Bộ trưởng Bộ Kế hoạch và Đầu tư", "Thứ trưởng Bộ Giáo dục và Đào tạo",
    "Trưởng Ban Tuyên giáo Tỉnh ủy", "Chủ tịch Ủy ban MTTQ Việt Nam tỉnh {p}",
    "Tổng Giám đốc Tập đoàn Điện lực Việt Nam", "Giám đốc Công an tỉnh {p}",
    "Bí thư Thành ủy {c}", "Chủ tịch UBND thành phố {c}", "Bí thư Huyện ủy {d}",
    "Chủ tịch UBND huyện {d}", "Giám đốc Ngân hàng Nhà nước chi nhánh {p}",
    "Trưởng Ban Dân vận Thành ủy", "Phó Chủ tịch Thường trực HĐND thành phố {c}",
]
ORGS = [
    "UBND tỉnh {p}", "HĐND tỉnh {p}", "Tỉnh ủy {p}", "Thành ủy {c}", "UBND thành phố {c}",
    "Sở Nông nghiệp và Phát triển nông thôn tỉnh {p}", "Sở Giao thông vận tải",
    "Sở Y tế thành phố {c}", "Sở Giáo dục và Đào tạo tỉnh {p}", "Bộ Y tế", "Bộ Tài chính",
    "Bộ Công Thương", "Ngân hàng Nhà nước Việt Nam (NHNN)", "Tập đoàn Điện lực Việt Nam (EVN)",
    "Công ty CP Thủy sản {g}", "Công ty TNHH Lương thực {g}", "Hội Nông dân tỉnh {p}",
    "Liên đoàn Lao động thành phố {c}", "Ủy ban MTTQ Việt Nam huyện {d}", "Huyện ủy {d}",
    "Ban Quản lý các khu chế xuất và công nghiệp {c}", "Cục Thống kê tỉnh {p}",
    "Bảo hiểm xã hội tỉnh {p}", "Ngân hàng Chính sách xã hội chi nhánh {p}",
]
CENTRAL_ORGS = ["Bộ Chính trị", "Ban Bí thư", "Quốc hội", "Chính phủ", "Thủ tướng Chính phủ"]
COMPANY_WORDS = ["Mekong", "Sao Mai", "Phương Nam", "Hùng Vương", "Tân Phú", "Cửu Long", "Việt Úc"]
DOC_FORMS = [
    "Quyết định {n}/QĐ-UBND", "Quyết định số {n}/QĐ-TTg", "Quyết định {n}-QĐ/TW",
    "Nghị quyết {n}-NQ/TU", "Nghị quyết số {n}/NQ-HĐND", "Kết luận {n}-KL/TW",
    "Chỉ thị {n}-CT/TW", "Thông tư {n}/{y}/TT-BYT", "Nghị định {n}/{y}/NĐ-CP",
    "Kế hoạch {n}/KH-UBND", "Công văn số {n}/UBND-KT", "Thông tư {n}/{y}/TT-BTC",
]
CAMPAIGNS = [
    "Dân vận khéo", "Toàn dân đoàn kết xây dựng đời sống văn hóa", "Vì người nghèo",
    "Ngày thứ Bảy tình nguyện", "Người Việt Nam ưu tiên dùng hàng Việt Nam",
]
ROMAN = ["I", "II", "III", "IV"]
SOURCES = [
    "baocantho", "vnexpress.net", "tuoitre_vn", "thanhnien", "baodanang", "baoangiang",
    "nhandan.vn", "dantri", "laodong", "baohaiphong", "vietnamplus",
]
KICKERS = [
    "Đồng chí {name}, {title}:", "Hội nghị tổng kết công tác năm {y}:",
    "Kỳ họp thứ {n} HĐND tỉnh {p}:", "Phát triển kinh tế nông thôn:",
]
BYLINES = [
    "Tin, ảnh: {NAME}", "Bài và ảnh: {NAME}", "Tin: {NAME}", "Theo TTXVN", "{NAME}",
    "Bài, ảnh: {NAME} - {NAME2}",
]
BOILERPLATE = ["Chia sẻ bài viết", "Chia sẻ", ""]


class FastRandom(random.Random):
    """random.Random with choice/randint/randrange on random() alone: the library's versions
    draw rejection-sampled bits and were most of the generation time. The tiny bias of
    int(random() * n) does not matter for test data."""

    def choice(self, seq):
        return seq[int(self.random() * len(seq))]

    def randint(self, a, b):
        return a + int(self.random() * (b - a + 1))

    def randrange(self, n):
        return int(self.random() * n)


class Pick:
    """Random slot values; one instance per generator, seeded for reproducible files."""

    def __init__(self, rng):
        self.r = rng

    def name(self):
        r = self.r
        return f"{r.choice(SURNAMES)} {r.choice(MIDDLE)} {r.choice(GIVEN)}"

    def title(self):
        return self.r.choice(TITLES).format(p=self.r.choice(PROVINCES), c=self.r.choice(CITIES),
                                            d=self.r.choice(DISTRICTS))

    def org(self):
        return self.r.choice(ORGS).format(p=self.r.choice(PROVINCES), c=self.r.choice(CITIES),
                                          d=self.r.choice(DISTRICTS),
                                          g=self.r.choice(COMPANY_WORDS))

    def doc(self):
        return self.r.choice(DOC_FORMS).format(n=self.r.randint(1, 9999),
                                               y=self.r.randint(2015, 2025))

    def year(self):
        return self.r.randint(2015, 2026)

    def date(self):
        """A calendar date in one of the written forms of issue 3."""
        r = self.r
        y, m, d = self.year(), r.randint(1, 12), r.randint(1, 28)
        form = r.randrange(6)
        if form == 0:
            return f"{d}/{m}/{y}"
        if form == 1:
            return f"{d}-{m}-{y}"
        if form == 2:
            return f"{d:02d}/{m:02d}/{y}"
        if form == 3:
            return f"ngày {d} tháng {m} năm {y}"
        if form == 4:
            return f"{d}-{m}"
        return f"{d}/{m}"

    def period(self):
        r = self.r
        y = self.year()
        form = r.randrange(7)
        if form == 0:
            return f"6 tháng đầu năm {y}"
        if form == 1:
            return f"quý {r.choice(ROMAN)}/{y}"
        if form == 2:
            return f"tháng {r.randint(1, 12)}/{y}"
        if form == 3:
            return f"năm {y}"
        if form == 4:
            return f"{r.randint(2, 11)} tháng đầu năm {y}"
        if form == 5:
            return f"quý {r.randint(1, 4)} năm {y}"
        return f"giai đoạn {y}-{y + 5}"

    def time_of_day(self):
        r = self.r
        form = r.randrange(4)
        if form == 0:
            return f"{r.randint(7, 21)} giờ {r.choice([0, 15, 30, 45]):02d} phút"
        if form == 1:
            return f"{r.randint(6, 11)} giờ sáng"
        if form == 2:
            return f"{r.randint(13, 22)} giờ"
        return f"{r.randint(7, 20)}g{r.choice([0, 30]):02d}"

    def relative_day(self):
        return self.r.choice(["hôm nay", "sáng nay", "hôm qua", "chiều nay", "ngày mai"])

    def number(self, lo, hi):
        """A whole number with Vietnamese thousands dots."""
        return f"{self.r.randint(lo, hi):,}".replace(",", ".")

    def decimal(self, lo, hi):
        """A number with a decimal comma, as Vietnamese writes it."""
        return f"{self.r.uniform(lo, hi):.1f}".replace(".", ",")

    def money(self):
        r = self.r
        form = r.randrange(4)
        if form == 0:
            return f"{self.number(100, 9999)} tỷ đồng"
        if form == 1:
            return f"{self.decimal(1, 99)} triệu đồng"
        if form == 2:
            return f"{self.number(1000, 900000)} triệu đồng"
        return f"{self.decimal(1, 50)} nghìn tỷ đồng"

    def pct(self):
        return f"{self.decimal(0.5, 99.9)}%"

    def qualifier(self):
        return self.r.choice(["hơn ", "khoảng ", "gần ", "trên ", "", "", ""])


# Narrative sentences without figures and with few names, as most of an article's prose is;
# without them the articles would be far denser in entities and figures than real news.
PROSE = [
    "Các đồng chí lãnh đạo {place} chủ trì hội nghị.",
    "Qua đó tạo sự chuyển biến về nhận thức, trách nhiệm của các cấp ủy, chính quyền, MTTQ, "
    "đoàn thể và nhân dân về ý nghĩa, vai trò quan trọng của công tác dân vận.",
    "Các đại biểu đã tập trung thảo luận, đánh giá kết quả đạt được, chỉ ra những hạn chế, "
    "khó khăn, vướng mắc và đề xuất giải pháp khắc phục trong thời gian tới.",
    "Bên cạnh những kết quả đạt được, công tác này vẫn còn một số hạn chế như việc triển khai "
    "ở một số nơi chưa đồng bộ, sự phối hợp giữa các ngành có lúc chưa chặt chẽ.",
    "Nhiều mô hình hay, cách làm sáng tạo đã được nhân rộng, góp phần nâng cao đời sống vật "
    "chất và tinh thần của người dân {place}.",
    "Người dân phấn khởi, tin tưởng vào chủ trương, chính sách của Đảng và Nhà nước.",
    "Thời gian tới, ngành chức năng sẽ tiếp tục rà soát, hoàn thiện các quy định, tạo điều "
    "kiện thuận lợi cho doanh nghiệp và người dân.",
    "Theo ghi nhận của phóng viên, không khí tại các điểm bỏ phiếu diễn ra sôi nổi, trang "
    "nghiêm và đúng quy định.",
    "Dịp này, nhiều tập thể và cá nhân có thành tích xuất sắc đã được khen thưởng.",
    "Trên cơ sở đó, địa phương đề nghị cấp trên quan tâm hỗ trợ kinh phí để đầu tư hạ tầng "
    "giao thông nông thôn, thủy lợi nội đồng và các công trình phúc lợi.",
    "Chương trình nhằm tạo điều kiện để các doanh nghiệp gặp gỡ, trao đổi kinh nghiệm, tìm "
    "kiếm cơ hội hợp tác, mở rộng thị trường tiêu thụ sản phẩm.",
    "Đây là hoạt động thiết thực, góp phần lan tỏa tinh thần tương thân tương ái trong cộng "
    "đồng.",
    "Lãnh đạo {place} ghi nhận, biểu dương những nỗ lực của các đơn vị trong thời gian qua.",
    "Ông {short} cho biết thêm, đơn vị sẽ tiếp tục phối hợp chặt chẽ với chính quyền địa "
    "phương để tuyên truyền, vận động người dân chấp hành tốt các quy định.",
    "Việc làm này không chỉ giúp bà con nâng cao thu nhập mà còn góp phần bảo vệ môi trường, "
    "phát triển nông nghiệp bền vững.",
    "Hội nghị cũng đã nghe các báo cáo tham luận của các địa phương, đơn vị về những kinh "
    "nghiệm hay, cách làm hiệu quả.",
]


def make_sentence(p):
    """One body sentence: one of the templates with its slots filled."""
    r = p.r
    if r.random() < 0.55:
        return r.choice(PROSE).format(place=r.choice(["thành phố", "tỉnh", "huyện", "địa phương"]
                                                     + PROVINCES[:8]),
                                      short=r.choice(GIVEN))
    name = p.name()
    short = name.split()[-1]
    hon = r.choice(HONORIFICS)
    t = r.randrange(24)
    if t == 0:
        return (f"Ngày {p.date()}, {p.org()} tổ chức hội nghị tổng kết {r.randint(2, 20)} năm "
                f"thực hiện {p.doc()} của {r.choice(CENTRAL_ORGS)}.")
    if t == 1:
        return (f"Phát biểu chỉ đạo tại hội nghị, {hon} {name}, {p.title()}, đề nghị các cấp, "
                f"các ngành tiếp tục quán triệt và thực hiện nghiêm {p.doc()}.")
    if t == 2:
        return (f"Theo báo cáo của {p.org()}, {p.period()}, toàn tỉnh thu ngân sách đạt "
                f"{p.qualifier()}{p.money()}, tăng {p.pct()} so với cùng kỳ.")
    if t == 3:
        return (f"Tổng diện tích gieo trồng lúa vụ Đông Xuân đạt {p.qualifier()}"
                f"{p.number(1000, 250000)} ha, năng suất bình quân {p.decimal(5, 8)} tấn/ha.")
    if t == 4:
        return (f"Sản lượng thủy sản khai thác và nuôi trồng ước đạt {p.number(1000, 900000)} "
                f"tấn, kim ngạch xuất khẩu {p.decimal(10, 999)} triệu USD.")
    if t == 5:
        return (f"Từ ngày {p.date()} đến ngày {p.date()}, {p.org()} sẽ tổ chức đợt kiểm tra tại "
                f"{r.randint(2, 12)} huyện, thị xã trên địa bàn.")
    if t == 6:
        return (f"Dự án có tổng mức đầu tư {p.money()}, chiều dài tuyến {p.decimal(1, 80)} km, "
                f"dự kiến hoàn thành trong quý {r.choice(ROMAN)}/{p.year()}.")
    if t == 7:
        y = r.randint(2015, 2025)
        return (f"Trong nhiệm kỳ {y}-{y + 5}, Đảng bộ huyện {r.choice(DISTRICTS)} phấn đấu giảm "
                f"tỷ lệ hộ nghèo xuống dưới {p.pct()}.")
    if t == 8:
        return (f"Lúc {p.time_of_day()} {p.relative_day()}, tại trụ sở {p.org()}, đã diễn ra lễ ký "
                f"kết hợp tác với Công ty CP {r.choice(COMPANY_WORDS)}.")
    if t == 9:
        return (f"Ông {short} cho biết, đến tháng {r.randint(1, 12)}/{p.year()}, toàn tỉnh có "
                f"{p.qualifier()}{p.number(200, 90000)} người được hỗ trợ việc làm và "
                f"{p.number(10, 5000)} lao động đi làm việc ở nước ngoài.")
    if t == 10:
        lo = r.randint(5, 9) * 1000
        return (f"Giá lúa tươi tại ruộng dao động từ {lo // 1000}.{lo % 1000:03d} - "
                f"{lo // 1000}.{lo % 1000 + 800:03d} đồng/kg, cao hơn khoảng "
                f"{r.randint(1, 5) * 100} đồng/kg so với vụ trước.")
    if t == 11:
        return (f"Theo {hon} {name}, {p.title()}, trong {r.randint(2, 11)} tháng đầu năm "
                f"{p.year()}, tổng vốn đầu tư toàn xã hội ước đạt {p.money()}.")
    if t == 12:
        return (f"Hội nghị đã thông qua {p.doc()} về việc điều chỉnh quy hoạch sử dụng đất "
                f"{p.period()} của huyện {r.choice(DISTRICTS)}.")
    if t == 13:
        return (f"Đoàn công tác do {hon} {name}, {p.title()}, làm trưởng đoàn đã đến thăm và tặng "
                f"{p.number(20, 2000)} phần quà cho các hộ gia đình chính sách tại xã "
                f"{r.choice(COMMUNES)}, huyện {r.choice(DISTRICTS)}, tỉnh {r.choice(PROVINCES)}.")
    if t == 14:
        return (f"Phong trào “{r.choice(CAMPAIGNS)}” đã huy động được {p.money()} để xây dựng "
                f"{p.number(5, 900)} căn nhà đại đoàn kết cho hộ nghèo.")
    if t == 15:
        return (f"Tỷ lệ bao phủ bảo hiểm y tế đạt {p.pct()}, vượt {p.decimal(0.1, 5)}% so với chỉ "
                f"tiêu {p.doc()} đề ra.")
    if t == 16:
        return (f"Quý {r.choice(ROMAN)}/{p.year()}, tăng trưởng kinh tế (GRDP) của tỉnh "
                f"{r.choice(PROVINCES)} ước đạt {p.pct()}, đứng thứ {r.randint(2, 13)} vùng "
                f"Đồng bằng sông Cửu Long.")
    if t == 17:
        return (f"Năm {p.year()}, {p.org()} đặt mục tiêu thu hút {r.randint(5, 80)} dự án đầu tư "
                f"với tổng vốn đăng ký {p.decimal(1, 20)} tỷ USD.")
    if t == 18:
        return (f"Chiều {p.date()}, tại TP {r.choice(CITIES)}, {p.org()} phối hợp với {p.org()} "
                f"tổ chức lễ phát động Tháng hành động vì an toàn thực phẩm.")
    if t == 19:
        return (f"Theo kế hoạch, công trình được khởi công vào tháng {r.randint(1, 12)}/"
                f"{p.year()} và đưa vào sử dụng trước ngày {p.date()}.")
    if t == 20:
        return (f"Bà {name}, ngụ ấp {r.randint(1, 9)}, xã {r.choice(COMMUNES)}, phấn khởi cho biết "
                f"gia đình thu hoạch {p.decimal(1, 30)} tấn trái cây, lãi {p.money()}.")
    if t == 21:
        return (f"Cũng tại hội nghị, {p.org()} đã trao bằng khen cho {r.randint(3, 60)} tập thể và "
                f"{r.randint(5, 120)} cá nhân có thành tích xuất sắc trong {p.period()}.")
    if t == 22:
        return (f"Mực nước trên sông Hậu tại trạm Cần Thơ lúc {p.time_of_day()} đạt "
                f"{p.decimal(1, 3)} m, cao hơn mức báo động II khoảng {r.randint(2, 30)} cm.")
    return (f"Hiện nay, toàn huyện {r.choice(DISTRICTS)} có {p.number(100, 20000)} hộ nuôi tôm "
            f"trên diện tích {p.number(50, 9000)} ha, trong đó {p.pct()} áp dụng quy trình VietGAP.")


ENGLISH = [
    "The State Bank of Vietnam said on {day} that credit growth reached {pct} in the first "
    "{n} months, while the Ministry of Finance reported revenue of {money}.",
    "Prime Minister Pham Minh Chinh met representatives of {co} in Hanoi on {day} to discuss "
    "a {usd} investment in the Mekong Delta province of {prov}.",
    "Rice exports rose {pct} year-on-year to {tons} tonnes in {month}, the General Statistics "
    "Office said, with Can Tho and An Giang leading output.",
    "Officials in {prov} said the new expressway, {km} long, would open before {month}, cutting "
    "travel time to Ho Chi Minh City by about {n} hours.",
]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]


def make_english_sentence(r):
    return r.choice(ENGLISH).format(
        day=f"{r.choice(MONTHS)[:3]} {r.randint(1, 28)}", pct=f"{r.uniform(0.5, 20):.1f}%",
        n=r.randint(2, 11), money=f"{r.uniform(1, 900):.1f} trillion dong",
        co=r.choice(["Samsung Electronics", "LG Display", "Foxconn", "Intel"]),
        usd=f"${r.uniform(10, 999):.1f} million", prov=r.choice(["An Giang", "Can Tho",
                                                                 "Soc Trang", "Ben Tre"]),
        tons=f"{r.randint(100000, 900000):,}", month=f"{r.choice(MONTHS)} {r.randint(2015, 2026)}",
        km=f"{r.randint(20, 200)} km")


class Generator:
    POOL_SIZE = 3000
    POOL_REFRESH = 3000  # articles between two pool refills

    def __init__(self, seed, run_tag):
        self.r = FastRandom(seed)
        self.p = Pick(self.r)
        self.run_tag = run_tag
        self.pool = []
        self.pool_len = []
        self.en_pool = []
        self.seen_ids = set()

    def refill(self):
        self.pool = [make_sentence(self.p) for _ in range(self.POOL_SIZE)]
        self.pool_len = [len(s.encode()) for s in self.pool]
        self.en_pool = [make_english_sentence(self.r) for _ in range(200)]

    def body_paragraphs(self, target, english):
        r = self.r
        paras, size = [], 0
        while size < target:
            k = r.randint(2, 5)
            if english:
                sents = r.choices(self.en_pool, k=k)
                size += sum(len(s) for s in sents) + k + 2
            else:
                rnd, n = r.random, self.POOL_SIZE
                idx = [int(rnd() * n) for _ in range(k)]
                sents = [self.pool[i] for i in idx]
                size += sum(self.pool_len[i] for i in idx) + k + 2
            paras.append(" ".join(sents))
        return paras

    def title(self, prov, y):
        p = self.p
        t = self.r.randrange(6)
        if t == 0:
            return f"{prov} đẩy mạnh chuyển đổi số trong cải cách hành chính"
        if t == 1:
            return f"Hội nghị tổng kết công tác dân vận tỉnh {prov} năm {y}"
        if t == 2:
            return f"Thu ngân sách {p.period()} của {prov} đạt {p.money()}"
        if t == 3:
            return f"Khởi công dự án đường tỉnh dài {p.decimal(3, 60)} km tại {prov}"
        if t == 4:
            return f"Nông dân {prov} trúng mùa lúa Hè Thu"
        return f"{p.title()} tiếp và làm việc với đoàn công tác của {self.r.choice(CENTRAL_ORGS)}"

    def article(self, i):
        """One valid raw submission (a dict)."""
        r, p = self.r, self.p
        source = r.choice(SOURCES)
        english = r.random() < 0.03
        html = not english and r.random() < 0.10
        target = r.randint(2000, 5000)
        y, mo, d = p.year(), r.randint(1, 12), r.randint(1, 28)
        hh, mm = r.randint(5, 22), r.randint(0, 59)
        prov = r.choice(PROVINCES)
        name = p.name()
        title_text = (self.title(prov, y) if not english
                      else "Vietnam's Mekong Delta sees strong rice exports")
        if english:
            lead = (f"HANOI, {MONTHS[mo - 1]} {d} (Reuters) - Authorities in {prov.split()[0]} "
                    f"said on Tuesday output rose {r.uniform(1, 9):.1f}% in {y}.")
        else:
            lead = (f"Ngày {d}-{mo}-{y}, {p.org()} tổ chức hội nghị triển khai {p.doc()}; "
                    f"{r.choice(HONORIFICS)} {name}, {p.title()}, dự và chỉ đạo hội nghị. "
                    f"Đến nay, toàn tỉnh {prov} đã giải ngân {p.qualifier()}{p.money()}, đạt "
                    f"{p.pct()} kế hoạch vốn năm {y}, giải quyết việc làm cho "
                    f"{p.number(100, 50000)} lao động.")
        paras = [lead] + self.body_paragraphs(target - len(lead.encode()), english)
        byline_name = p.name().upper()
        byline = r.choice(BYLINES).format(NAME=byline_name, NAME2=p.name().upper())
        style = r.randrange(3)
        doc = {"source": source}
        if html:
            parts = [f"<h1>{title_text}</h1>"] + [f"<p>{x}</p>" for x in paras]
            parts.append(f"<p><strong>{byline}</strong></p>")
            if r.random() < 0.5:
                parts.append('<div class="share">Chia sẻ bài viết</div><script>var x=1;</script>')
            body = "\n".join(parts)
            doc["content_type"] = "text/html"
        elif style == 0 and not english:
            # The seed's layout: dateline, kicker, title, source tag, body, byline, boilerplate.
            kicker = r.choice(KICKERS).format(name=name, title=p.title(), y=y,
                                              n=r.randint(2, 20), p=prov)
            head = f"{d:02d}/{mo:02d}/{y} - {hh:02d}:{mm:02d}\n\n{kicker}\n\n{title_text}\n\n"
            tag = r.choice(["CT", "AG", "TTXVN", "ĐN"])
            paras[0] = f"({tag}) - {paras[0]}"
            body = head + "\n\n".join(paras) + f"\n\n{byline}\n\n{r.choice(BOILERPLATE)}"
        else:
            body = "\n\n".join(paras) + f"\n\n{byline}"
        doc["body"] = body
        # Optional fields in varied combinations, as different feeds send them.
        if r.random() < 0.85:
            doc["id"] = f"{source}-{self.run_tag}-{i}"
        if r.random() < 0.7:
            doc["url"] = f"https://{source.replace('_', '.')}.example/{y}/{mo:02d}/bai-{i}.html"
        if r.random() < 0.6:
            doc["title"] = title_text
        if r.random() < 0.7:
            tz = r.choice(["+07:00", "Z", "+07:00"])
            doc["published_at"] = r.choice([
                f"{y}-{mo:02d}-{d:02d}T{hh:02d}:{mm:02d}:00{tz}",
                f"{y}-{mo:02d}-{d:02d}", f"{y}-{mo:02d}-{d:02d} {hh:02d}:{mm:02d}{tz}"])
        if r.random() < 0.5:
            doc["lang"] = "en" if english else "vi"
        if r.random() < 0.3 and not html:
            doc["content_type"] = "text/plain"
        if r.random() < 0.3:
            doc["byline"] = byline
        keys = list(doc)
        r.shuffle(keys)
        return {k: doc[k] for k in keys}

    def article_id(self, doc):
        """The id ingestd stores the article under (see raw-article.schema.json, "id")."""
        if "id" in doc:
            return doc["id"]
        basis = doc.get("url", doc["body"])
        h = hashlib.sha256(f"{doc['source']}\n{basis}".encode()).hexdigest()[:16]
        return f"{doc['source']}-{h}"

    def invalid_line(self, doc):
        """A line ingestd must reject, made from a valid document; returns (line, kind)."""
        r = self.r
        kind = r.choice(["broken_json", "missing_body", "wrong_type_body", "wrong_type_source",
                         "unknown_field", "empty_body", "bad_published_at", "wrong_type_title"])
        bad = dict(doc)
        if kind == "broken_json":
            line = json.dumps(bad, ensure_ascii=False)
            return line[: r.randint(10, len(line) - 10)], kind
        if kind == "missing_body":
            del bad["body"]
        elif kind == "wrong_type_body":
            bad["body"] = r.choice([12345, ["đoạn 1", "đoạn 2"], {"text": "x"}, True])
        elif kind == "wrong_type_source":
            bad["source"] = r.choice([None, 42])
        elif kind == "unknown_field":
            bad["titel"] = bad.get("title", "Tiêu đề")
        elif kind == "empty_body":
            bad["body"] = r.choice(["", "   \n\t ", "\u200b\ufeff"])
        elif kind == "bad_published_at":
            bad["published_at"] = r.choice(["2020-02-31", "15/07/2020", "2020-07-15T21:29:00"])
        else:
            bad["title"] = r.choice([7, ["a"], False])
        return json.dumps(bad, ensure_ascii=False), kind

    def write(self, path, n, invalid_ratio=0.01, collect_ids=False):
        """Writes n lines to path; returns a summary dict. With collect_ids, the summary's
        "ids_by_line" holds each line's article id (None for an invalid line), for checking
        afterwards that every valid message was stored."""
        r = self.r
        counts = {}
        invalid_lines = []
        ids_by_line = [] if collect_ids else None
        raw_bytes = valid = 0
        t0 = time.monotonic()
        dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
        with open(path, "w", encoding="utf-8") as f:
            for i in range(n):
                if i % self.POOL_REFRESH == 0:
                    self.refill()
                doc = self.article(i)
                if r.random() < invalid_ratio:
                    line, kind = self.invalid_line(doc)
                    counts[kind] = counts.get(kind, 0) + 1
                    invalid_lines.append(i)
                    if collect_ids:
                        ids_by_line.append(None)
                else:
                    aid = self.article_id(doc)
                    while aid in self.seen_ids:  # vanishingly rare: derived-id collision
                        doc = self.article(i)
                        aid = self.article_id(doc)
                    self.seen_ids.add(aid)
                    if collect_ids:
                        ids_by_line.append(aid)
                    line = dumps(doc)
                    valid += 1
                raw_bytes += len(line.encode())
                f.write(line)
                f.write("\n")
        return {
            "lines": n, "valid": valid, "invalid": n - valid, "invalid_kinds": counts,
            "raw_bytes": raw_bytes, "seconds": round(time.monotonic() - t0, 3),
            "invalid_lines": invalid_lines, "ids_by_line": ids_by_line,
        }


def main(argv):
    import argparse

    ap = argparse.ArgumentParser(description="Write synthetic raw submissions as JSON Lines.")
    ap.add_argument("--articles", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--tag", default="gen")
    ap.add_argument("--invalid-ratio", type=float, default=0.01)
    ap.add_argument("out")
    a = ap.parse_args(argv)
    s = Generator(a.seed, a.tag).write(a.out, a.articles, a.invalid_ratio)
    del s["invalid_lines"], s["ids_by_line"]
    print(json.dumps(s))


if __name__ == "__main__":
    main(sys.argv[1:])
