"""The demo traffic's visitors: who they are and where they come from.

A synthetic visitor has an address from a reserved range (CGNAT 100.64.0.0/10 for phones,
198.18.0.0/15 for fixed lines) and the user agents of its own browser: a cheap Android phone
(Chrome or Cốc Cốc), an iPhone, a desktop or a tablet, with the Zalo and Facebook in-app
browsers on the phones; the crawlers, link previewers and tools that are sent like visitors and
must never be recorded; and the channels a visit arrives by, with the referrers they send.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

# --- visitors' browsers ------------------------------------------------------------------

ANDROID = [
    ("13", "SM-A145F", "129.0.6668.100"),  # Samsung Galaxy A14
    ("12", "SM-A035F", "127.0.6533.103"),  # Galaxy A03
    ("13", "CPH2591", "128.0.6613.146"),  # OPPO A18
    ("14", "23129RN51X", "130.0.6723.86"),  # Redmi A3
    ("13", "V2247", "126.0.6478.122"),  # vivo Y36
    ("11", "RMX3261", "124.0.6367.179"),  # realme C21Y
    ("10", "K", "131.0.6778.81"),  # Chrome's reduced user agent
]
IOS = ["16_7_10", "17_5_1", "17_6_1", "18_1_1", "18_3_2"]
DESKTOP = [
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Safari/537.36",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "coc_coc_browser/129.0.262 Chrome/123.0.6312.262 Safari/537.36",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) "
    "Version/17.6 Safari/605.1.15",
]
TABLET = [
    "Mozilla/5.0 (iPad; CPU OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
    "Version/17.5 Mobile/15E148 Safari/604.1",
    "Mozilla/5.0 (Linux; Android 13; SM-X200) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/128.0.0.0 Safari/537.36",
]
# Crawlers, link previewers and tools: sent like visitors, never recorded.
BOTS = [
    "Mozilla/5.0 (Linux; Android 6.0.1; Nexus 5X Build/MMB29P) AppleWebKit/537.36 (KHTML, "
    "like Gecko) Chrome/131.0.6778.69 Mobile Safari/537.36 (compatible; Googlebot/2.1; "
    "+http://www.google.com/bot.html)",
    "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)",
    "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)",
    "Mozilla/5.0 (compatible; coccocbot-web/1.0; +http://help.coccoc.com/searchengine)",
    "Mozilla/5.0 (compatible; Zalo-LinkPreview/1.0)",
    "Mozilla/5.0 (compatible; AhrefsBot/7.0; +http://ahrefs.com/robot/)",
    "Mozilla/5.0+(compatible; UptimeRobot/2.0; http://www.uptimerobot.com/)",
    "python-requests/2.32.3",
    "",
]
BOT_WEIGHTS = (30, 10, 14, 12, 10, 8, 6, 5, 5)


def _android(version: str, model: str, chrome: str) -> str:
    return (
        f"Mozilla/5.0 (Linux; Android {version}; {model}) AppleWebKit/537.36 (KHTML, like "
        f"Gecko) Chrome/{chrome} Mobile Safari/537.36"
    )


def _android_webview(version: str, model: str, chrome: str) -> str:
    return (
        f"Mozilla/5.0 (Linux; Android {version}; {model}; wv) AppleWebKit/537.36 (KHTML, like "
        f"Gecko) Version/4.0 Chrome/{chrome} Mobile Safari/537.36"
    )


def _iphone(ios: str, safari: bool = True) -> str:
    tail = f"Version/{ios.split('_')[0]}.{ios.split('_')[1]} Mobile/15E148 Safari/604.1"
    return (
        f"Mozilla/5.0 (iPhone; CPU iPhone OS {ios} like Mac OS X) AppleWebKit/605.1.15 "
        f"(KHTML, like Gecko) {tail if safari else 'Mobile/15E148'}"
    )


@dataclass(frozen=True)
class Visitor:
    ip: str
    platform: str  # android, ios, desktop, tablet
    user_agent: str  # of the visitor's own browser
    in_app: tuple[str, str] = ("", "")  # the Zalo and Facebook in-app browsers on this phone

    def agent(self, channel: str) -> str:
        if channel == "zalo" and self.in_app[0]:
            return self.in_app[0]
        if channel == "facebook" and self.in_app[1]:
            return self.in_app[1]
        return self.user_agent


def new_visitor(rng: random.Random) -> Visitor:
    platform = rng.choices(("android", "ios", "desktop", "tablet"), (58, 18, 20, 4))[0]
    if platform in ("android", "ios"):
        ip = f"100.{rng.randint(64, 127)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}"
    else:
        ip = f"198.{rng.randint(18, 19)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}"
    if platform == "android":
        version, model, chrome = rng.choice(ANDROID)
        if rng.random() < 0.12:  # Cốc Cốc on the phone
            ua = _android(version, model, chrome).replace(
                "Chrome/", "coc_coc_browser/128.0.284 Chrome/"
            )
        else:
            ua = _android(version, model, chrome)
        webview = _android_webview(version, model, chrome)
        zalo = f"{webview} Zalo android/12100629 ZaloTheme/light ZaloLanguage/vi"
        facebook = f"{webview} [FB_IAB/FB4A;FBAV/485.0.0.70.77;]"
        return Visitor(ip, platform, ua, (zalo, facebook))
    if platform == "ios":
        ios = rng.choice(IOS)
        app = _iphone(ios, safari=False)
        zalo = f"{app} Zalo iOS/537 ZaloTheme/light ZaloLanguage/vi"
        facebook = (
            f"{app} [FBAN/FBIOS;FBAV/480.0.0.41.103;FBDV/iPhone14,7;FBMD/iPhone;FBSN/iOS;"
            f"FBSV/{ios.replace('_', '.')};FBLC/vi_VN;FBOP/5]"
        )
        return Visitor(ip, platform, _iphone(ios), (zalo, facebook))
    if platform == "desktop":
        return Visitor(ip, platform, rng.choices(DESKTOP, (50, 25, 12, 6, 7))[0])
    return Visitor(ip, platform, rng.choice(TABLET))


# --- where visitors come from ------------------------------------------------------------

CHANNELS = ("zalo", "facebook", "search", "direct", "youtube", "other")
REFERRERS = {
    "zalo": ["https://zalo.me/", "https://chat.zalo.me/"],
    "facebook": ["https://m.facebook.com/", "https://l.facebook.com/", "https://www.facebook.com/"],
    "search": [
        "https://www.google.com.vn/",
        "https://www.google.com/",
        "https://coccoc.com/search",
        "https://www.bing.com/",
    ],
    "youtube": ["https://www.youtube.com/", "https://m.youtube.com/"],
    "other": ["https://dichvucong.gov.vn/", "https://baomoi.com/", "https://vnexpress.net/"],
}
SEARCH_REFERRER_WEIGHTS = (55, 20, 20, 5)
