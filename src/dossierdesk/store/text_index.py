"""Words of a text as SQLite FTS5 sees them, for PostgreSQL archives (stdlib only).

Search must give the same answers on SQLite (FTS5, ``unicode61 remove_diacritics 2``) and on
PostgreSQL. PostgreSQL stores ``to_tsvector('simple', index_text(x))`` per column, combined as
``setweight(title,'A') || setweight(captions,'B') || setweight(credits,'C') ||
setweight(body,'D')``, and queries ``@@ to_tsquery('simple', tsquery_from_match(m))`` where
``m`` is the FTS5 MATCH string our compiler built. Python does the tokenising, so PostgreSQL's
parser only ever sees words it keeps whole.

Words (checked against FTS5 empirically, SQLite 3.40; FTS5's tables have not changed since):

* A word is a maximal run of FTS5 token characters. FTS5 does not classify characters by the
  Unicode data Python has: it uses its own (old, Unicode 6-era) tables, in which letters,
  numbers, private-use characters, *unassigned* code points (so newer emoji, which FTS5
  considers unassigned, are word characters while older symbols such as "©" are not) and
  most combining marks are token characters. ASCII: only ``[0-9A-Za-z]`` (``_``, ``'``,
  ``-``, ``.`` separate). The exact table is in ``_SEPARATORS`` below (410 ranges, generated
  by tokenising every code point "q<c>q" in FTS5).
* Each character is folded as FTS5 folds it (``_FOLDS``, also generated): its simple
  lowercase, then diacritics removed (``remove_diacritics 2``: "Hernández" -> "hernandez",
  but Greek and Cyrillic accents stay: "ά", "й"); 25 combining marks (U+0300...) fold to
  nothing. A word that folds to nothing (a lone combining accent) is no word and takes no
  position, as in FTS5. No stemming, no stop words.
* ``words`` drops words whose PostgreSQL spelling (below) exceeds 2047 UTF-8 bytes, the
  longest lexeme PostgreSQL indexes; FTS5 keeps them (a difference: such a word is found on
  SQLite only; a phrase holding one matches nothing on PostgreSQL).

PostgreSQL spelling (``index_text``, ``lexeme``): PostgreSQL's default parser decides itself
what a word character is (``iswalpha`` of the database's LC_CTYPE; a C-locale database takes
every non-ASCII character for a letter), so a word PostgreSQL might split or drop is spelled
differently: a word made only of ``[a-z0-9]`` and of lowercase or uncased letters (Unicode
``Ll``, ``Lo``, ``Lm``) is kept as it is, every other character (digits of other scripts,
"²", private-use, unassigned, emoji, combining marks, letters FTS5 left uppercase) becomes
``é`` + its code point in 6 hex digits, and so does an "e" right after a digit (PostgreSQL
reads "25e2u8" as the number "25e2" then the word "u8"; found by parsing 20,000 random
``[0-9a-z]`` words). FTS5 never produces "é" (it folds to "e"), so the
spelling is one-to-one, and a character's spelling depends only on it and the character
before it, so a word's prefix is spelled as the start of the word's spelling (prefix queries
keep working). Other ASCII words ("f35", "0x1f", "2024") and words of letters of any scripts
stay unchanged; every spelled word is one lexeme, unchanged, for PostgreSQL 15's parser and
'simple' dictionary (checked for every character FTS5 can put in a word, on a C.UTF-8 and a
C database).

Known differences between the engines, all outside ordinary text:

* a word over 2047 bytes (above);
* PostgreSQL keeps word positions up to 16383 only (later words all get 16383) and at most 256
  positions per lexeme, so a *phrase* (two or more words) found only far into a very long
  article (past ~16k words) is missed on PostgreSQL; single words are not affected. A
  service can recheck such candidates with ``words`` if it needs exactness;
* a tsvector is limited to 1 MB (distinct lexemes plus positions): a huge column of distinct
  junk words makes ``to_tsvector`` fail; the caller must cap the text;
* NUL cannot be stored in PostgreSQL text (it is a separator here, as in FTS5).

The FTS5 MATCH strings of the query language become tsquery text in ``store.text_query``;
snippets are cut in ``store.text_snippets``.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

__all__ = [
    "MAX_INDEXED_CHARS",
    "MAX_LEXEME_BYTES",
    "RANK_WEIGHTS",
    "WEIGHTS",
    "DocumentWords",
    "document_words",
    "fits",
    "index_text",
    "lexeme",
    "tokens",
    "words",
]

#: The tsvector weight label of each FTS5 column.
WEIGHTS: dict[str, str] = {"title": "A", "captions": "B", "credits": "C", "body": "D"}
#: ``ts_rank_cd`` weights ({D, C, B, A}) mirroring FTS5's bm25 weights (title 10, body 1,
#: captions 2, credits 1), scaled so that the title weighs 1.0.
RANK_WEIGHTS = "{0.1, 0.1, 0.2, 1.0}"
#: The longest lexeme PostgreSQL indexes, in UTF-8 bytes.
MAX_LEXEME_BYTES = 2047

_ESCAPE = "\u00e9"  # never in a word: FTS5 folds it to "e"

_SEPARATORS = (
    "1-2f 3a-40 5b-60 7b-a9 ab-b1 b4 b6-b8 bb bf d7 f7 2c2-2c5 2d2-2df 2e5-2eb 2ed 2ef-2ff 305 "
    "30d-30e 310 312-31a 31c-322 329-32c 32f 332-36f 375 37e 384-385 387 3f6 482-489 55a-55f "
    "589-58a 58f 591-5c7 5f3-5f4 600-604 606-61b 61e-61f 64b-65f 66a-66d 670 6d4 6d6-6e4 "
    "6e7-6ed 6fd-6fe 700-70d 70f 711 730-74a 7a6-7b0 7eb-7f3 7f6-7f9 816-819 81b-823 825-827 "
    "829-82d 830-83e 859-85b 85e 8e4-8fe 900-903 93a-93c 93e-94f 951-957 962-965 970 981-983 "
    "9bc 9be-9c4 9c7-9c8 9cb-9cd 9d7 9e2-9e3 9f2-9f3 9fa-9fb a01-a03 a3c a3e-a42 a47-a48 "
    "a4b-a4d a51 a70-a71 a75 a81-a83 abc abe-ac5 ac7-ac9 acb-acd ae2-ae3 af0-af1 b01-b03 b3c "
    "b3e-b44 b47-b48 b4b-b4d b56-b57 b62-b63 b70 b82 bbe-bc2 bc6-bc8 bca-bcd bd7 bf3-bfa "
    "c01-c03 c3e-c44 c46-c48 c4a-c4d c55-c56 c62-c63 c7f c82-c83 cbc cbe-cc4 cc6-cc8 cca-ccd "
    "cd5-cd6 ce2-ce3 d02-d03 d3e-d44 d46-d48 d4a-d4d d57 d62-d63 d79 d82-d83 dca dcf-dd4 dd6 "
    "dd8-ddf df2-df4 e31 e34-e3a e3f e47-e4f e5a-e5b eb1 eb4-eb9 ebb-ebc ec8-ecd f01-f1f "
    "f34-f3f f71-f87 f8d-f97 f99-fbc fbe-fcc fce-fda 102b-103e 104a-104f 1056-1059 105e-1060 "
    "1062-1064 1067-106d 1071-1074 1082-108d 108f 109a-109f 10fb 135d-1368 1390-1399 1400 "
    "166d-166e 1680 169b-169c 16eb-16ed 1712-1714 1732-1736 1752-1753 1772-1773 17b4-17d6 "
    "17d8-17db 17dd 1800-180e 18a9 1920-192b 1930-193b 1940 1944-1945 19b0-19c0 19c8-19c9 "
    "19de-19ff 1a17-1a1b 1a1e-1a1f 1a55-1a5e 1a60-1a7c 1a7f 1aa0-1aa6 1aa8-1aad 1b00-1b04 "
    "1b34-1b44 1b5a-1b7c 1b80-1b82 1ba1-1bad 1be6-1bf3 1bfc-1bff 1c24-1c37 1c3b-1c3f 1c7e-1c7f "
    "1cc0-1cc7 1cd0-1ce8 1ced 1cf2-1cf4 1dc0-1de6 1dfc-1dff 1fbd 1fbf-1fc1 1fcd-1fcf 1fdd-1fdf "
    "1fed-1fef 1ffd-1ffe 2000-2064 206a-206f 207a-207e 208a-208e 20a0-20b9 20d0-20f0 2100-2101 "
    "2103-2106 2108-2109 2114 2116-2118 211e-2123 2125 2127 2129 212e 213a-213b 2140-2144 "
    "214a-214d 214f 2190-23f3 2400-2426 2440-244a 249c-24e9 2500-26ff 2701-2775 2794-2b4c "
    "2b50-2b59 2ce5-2cea 2cef-2cf1 2cf9-2cfc 2cfe-2cff 2d70 2d7f 2de0-2e2e 2e30-2e3b 2e80-2e99 "
    "2e9b-2ef3 2f00-2fd5 2ff0-2ffb 3000-3004 3008-3020 302a-3030 3036-3037 303d-303f 3099-309c "
    "30a0 30fb 3190-3191 3196-319f 31c0-31e3 3200-321e 322a-3247 3250 3260-327f 328a-32b0 "
    "32c0-32fe 3300-33ff 4dc0-4dff a490-a4c6 a4fe-a4ff a60d-a60f a66f-a67e a69f a6f0-a6f7 "
    "a700-a716 a720-a721 a789-a78a a802 a806 a80b a823-a82b a836-a839 a874-a877 a880-a881 "
    "a8b4-a8c4 a8ce-a8cf a8e0-a8f1 a8f8-a8fa a926-a92f a947-a953 a95f a980-a983 a9b3-a9cd "
    "a9de-a9df aa29-aa36 aa43 aa4c-aa4d aa5c-aa5f aa77-aa79 aa7b aab0 aab2-aab4 aab7-aab8 aabe- "
    "aabf aac1 aade-aadf aaeb-aaf1 aaf5-aaf6 abe3-abed fb1e fb29 fbb2-fbc1 fd3e-fd3f fdfc-fdfd "
    "fe00-fe19 fe20-fe26 fe30-fe52 fe54-fe66 fe68-fe6b feff ff01-ff0f ff1a-ff20 ff3b-ff40 "
    "ff5b-ff65 ffe0-ffe6 ffe8-ffee fff9-ffff 10100-10102 10137-1013f 10179-10189 10190-1019b "
    "101d0-101fd 1039f 103d0 10857 1091f 1093f 10a01-10a03 10a05-10a06 10a0c-10a0f 10a38-10a3a "
    "10a3f 10a50-10a58 10a7f 10b39-10b3f 11000-11002 11038-1104d 11080-11082 110b0-110c1 "
    "11100-11102 11127-11134 11140-11143 11180-11182 111b3-111c0 111c5-111c8 116ab-116b7 "
    "12470-12473 16f51-16f7e 16f8f-16f92 1d000-1d0f5 1d100-1d126 1d129-1d1dd 1d200-1d245 "
    "1d300-1d356 1d6c1 1d6db 1d6fb 1d715 1d735 1d74f 1d76f 1d789 1d7a9 1d7c3 1eef0-1eef1 "
    "1f000-1f02b 1f030-1f093 1f0a0-1f0ae 1f0b1-1f0be 1f0c1-1f0cf 1f0d1-1f0df 1f110-1f12e "
    "1f130-1f16b 1f170-1f19a 1f1e6-1f202 1f210-1f23a 1f240-1f248 1f250-1f251 1f300-1f320 "
    "1f330-1f335 1f337-1f37c 1f380-1f393 1f3a0-1f3c4 1f3c6-1f3ca 1f3e0-1f3f0 1f400-1f43e 1f440 "
    "1f442-1f4f7 1f4f9-1f4fc 1f500-1f53d 1f540-1f543 1f550-1f567 1f5fb-1f640 1f645-1f64f "
    "1f680-1f6c5 1f700-1f773 e0001 e0020-e007f e0100-e01ef "
)
_FOLDS = (
    "41-5a:32 b5:775 c0:-95 c1:-96 c2:-97 c3:-98 c4:-99 c5:-100 c6:32 c7:-100 c8:-99 c9:-100 "
    "ca:-101 cb:-102 cc:-99 cd:-100 ce:-101 cf:-102 d0:32 d1-d2:-99 d3:-100 d4:-101 d5:-102 "
    "d6:-103 d8:32 d9:-100 da:-101 db:-102 dc:-103 dd:-100 de:32 e0:-127 e1:-128 e2:-129 "
    "e3:-130 e4:-131 e5-e7/2:-132 e8:-131 e9:-132 ea:-133 eb:-134 ec:-131 ed:-132 ee:-133 "
    "ef:-134 f1-f2:-131 f3:-132 f4:-133 f5:-134 f6:-135 f9:-132 fa:-133 fb:-134 fc:-135 fd:-132 "
    "ff:-134 100:-159 101:-160 102:-161 103:-162 104:-163 105:-164 106:-163 107:-164 108:-165 "
    "109:-166 10a:-167 10b:-168 10c:-169 10d-10e:-170 10f:-171 110:1 112:-173 113:-174 114:-175 "
    "115:-176 116:-177 117:-178 118:-179 119:-180 11a:-181 11b:-182 11c:-181 11d:-182 11e:-183 "
    "11f:-184 120:-185 121:-186 122:-187 123-124:-188 125:-189 126:1 128:-191 129:-192 12a:-193 "
    "12b:-194 12c:-195 12d:-196 12e:-197 12f:-198 130:-199 132:1 134:-202 135-136:-203 137:-204 "
    "139:-205 13a:-206 13b:-207 13c:-208 13d:-209 13e:-210 13f-141/2:1 143:-213 144:-214 "
    "145:-215 146:-216 147:-217 148:-218 14a:1 14c:-221 14d:-222 14e:-223 14f:-224 150:-225 "
    "151:-226 152:1 154:-226 155:-227 156:-228 157:-229 158:-230 159-15a:-231 15b:-232 15c:-233 "
    "15d:-234 15e:-235 15f:-236 160:-237 161-162:-238 163:-239 164:-240 165:-241 166:1 168:-243 "
    "169:-244 16a:-245 16b:-246 16c:-247 16d:-248 16e:-249 16f:-250 170:-251 171:-252 172:-253 "
    "173:-254 174:-253 175:-254 176:-253 177:-254 178-179:-255 17a:-256 17b:-257 17c:-258 "
    "17d:-259 17e:-260 17f:-268 181:210 182-184/2:1 186:206 187:1 189-18a:205 18b:1 18e:79 "
    "18f:202 190:203 191:1 193:205 194:207 196:211 197:209 198:1 19c:211 19d:213 19f:214 "
    "1a0:-305 1a1:-306 1a2-1a4/2:1 1a6:218 1a7:1 1a9:218 1ac:1 1ae:218 1af:-314 1b0:-315 "
    "1b1-1b2:217 1b3-1b5/2:1 1b7:219 1b8:1 1bc:1 1c4:2 1c5:1 1c7:2 1c8:1 1ca:2 1cb:1 1cd:-364 "
    "1ce:-365 1cf:-358 1d0:-359 1d1:-354 1d2:-355 1d3:-350 1d4:-351 1d5:-352 1d6:-353 1d7:-354 "
    "1d8:-355 1d9:-356 1da:-357 1db:-358 1dc:-359 1de:-381 1df:-382 1e0-1e4/2:1 1e6:-383 "
    "1e7:-384 1e8:-381 1e9:-382 1ea:-379 1eb:-380 1ec:-381 1ed:-382 1ee:1 1f0:-390 1f1:2 1f2:1 "
    "1f4:-397 1f5:-398 1f6:-97 1f7:-56 1f8:-394 1f9:-395 1fa:-409 1fb:-410 1fc-1fe/2:1 200:-415 "
    "201:-416 202:-417 203:-418 204:-415 205:-416 206:-417 207:-418 208:-415 209:-416 20a:-417 "
    "20b:-418 20c:-413 20d:-414 20e:-415 20f:-416 210:-414 211:-415 212:-416 213:-417 214:-415 "
    "215:-416 216:-417 217:-418 218:-421 219-21a:-422 21b:-423 21c:1 21e:-438 21f:-439 220:-130 "
    "222-224/2:1 226:-453 227:-454 228:-451 229:-452 22a:-443 22b:-444 22c:-445 22d:-446 "
    "22e:-447 22f:-448 230:-449 231:-450 232:-441 233:-442 23a:10795 23b:1 23d:-163 23e:10792 "
    "241:1 243:-195 244:69 245:71 246-24e/2:1 300-304: 306-30c: 30f-311/2: 31b: 323-328: "
    "32d-32e: 330-331: 370-372/2:1 376:1 386:38 388-38a:37 38c:64 38e-38f:63 391-3a1:32 "
    "3a3-3ab:32 3c2:1 3cf:8 3d0:-30 3d1:-25 3d5:-15 3d6:-22 3d8-3ee/2:1 3f0:-54 3f1:-48 3f4:-60 "
    "3f5:-64 3f7:1 3f9:-7 3fa:1 3fd-3ff:-130 400-40f:80 410-42f:32 460-480/2:1 48a-4be/2:1 "
    "4c0:15 4c1-4cd/2:1 4d0-526/2:1 531-556:48 10a0-10c5:7264 10c7:7264 10cd:7264 1e00:-7583 "
    "1e01-1e02:-7584 1e03:-7585 1e04:-7586 1e05:-7587 1e06:-7588 1e07-1e08:-7589 "
    "1e09-1e0a:-7590 1e0b:-7591 1e0c:-7592 1e0d:-7593 1e0e:-7594 1e0f:-7595 1e10:-7596 "
    "1e11:-7597 1e12:-7598 1e13-1e14:-7599 1e15:-7600 1e16:-7601 1e17:-7602 1e18:-7603 "
    "1e19:-7604 1e1a:-7605 1e1b:-7606 1e1c:-7607 1e1d-1e1e:-7608 1e1f-1e20:-7609 "
    "1e21-1e22:-7610 1e23:-7611 1e24:-7612 1e25:-7613 1e26:-7614 1e27:-7615 1e28:-7616 "
    "1e29:-7617 1e2a:-7618 1e2b-1e2c:-7619 1e2d:-7620 1e2e:-7621 1e2f:-7622 1e30:-7621 "
    "1e31:-7622 1e32:-7623 1e33:-7624 1e34:-7625 1e35-1e36:-7626 1e37:-7627 1e38:-7628 "
    "1e39:-7629 1e3a:-7630 1e3b:-7631 1e3c:-7632 1e3d-1e3e:-7633 1e3f:-7634 1e40:-7635 "
    "1e41:-7636 1e42:-7637 1e43-1e44:-7638 1e45:-7639 1e46:-7640 1e47:-7641 1e48:-7642 "
    "1e49:-7643 1e4a:-7644 1e4b-1e4c:-7645 1e4d:-7646 1e4e:-7647 1e4f:-7648 1e50:-7649 "
    "1e51:-7650 1e52:-7651 1e53-1e54:-7652 1e55:-7653 1e56:-7654 1e57:-7655 1e58:-7654 "
    "1e59:-7655 1e5a:-7656 1e5b:-7657 1e5c:-7658 1e5d:-7659 1e5e:-7660 1e5f-1e60:-7661 "
    "1e61:-7662 1e62:-7663 1e63:-7664 1e64:-7665 1e65:-7666 1e66:-7667 1e67:-7668 1e68:-7669 "
    "1e69-1e6a:-7670 1e6b:-7671 1e6c:-7672 1e6d:-7673 1e6e:-7674 1e6f:-7675 1e70:-7676 "
    "1e71-1e72:-7677 1e73:-7678 1e74:-7679 1e75:-7680 1e76:-7681 1e77:-7682 1e78:-7683 "
    "1e79:-7684 1e7a:-7685 1e7b-1e7c:-7686 1e7d:-7687 1e7e:-7688 1e7f-1e80:-7689 1e81:-7690 "
    "1e82:-7691 1e83:-7692 1e84:-7693 1e85:-7694 1e86:-7695 1e87:-7696 1e88:-7697 "
    "1e89-1e8a:-7698 1e8b:-7699 1e8c:-7700 1e8d-1e8e:-7701 1e8f-1e90:-7702 1e91:-7703 "
    "1e92:-7704 1e93:-7705 1e94:-7706 1e95:-7707 1e96:-7726 1e97:-7715 1e98:-7713 1e99:-7712 "
    "1e9b:-7720 1e9e:-7615 1ea0:-7743 1ea1:-7744 1ea2:-7745 1ea3:-7746 1ea4:-7747 1ea5:-7748 "
    "1ea6:-7749 1ea7:-7750 1ea8:-7751 1ea9:-7752 1eaa:-7753 1eab:-7754 1eac:-7755 1ead:-7756 "
    "1eae:-7757 1eaf:-7758 1eb0:-7759 1eb1:-7760 1eb2:-7761 1eb3:-7762 1eb4:-7763 1eb5:-7764 "
    "1eb6:-7765 1eb7:-7766 1eb8:-7763 1eb9:-7764 1eba:-7765 1ebb:-7766 1ebc:-7767 1ebd:-7768 "
    "1ebe:-7769 1ebf:-7770 1ec0:-7771 1ec1:-7772 1ec2:-7773 1ec3:-7774 1ec4:-7775 1ec5:-7776 "
    "1ec6:-7777 1ec7:-7778 1ec8:-7775 1ec9:-7776 1eca:-7777 1ecb:-7778 1ecc:-7773 1ecd:-7774 "
    "1ece:-7775 1ecf:-7776 1ed0:-7777 1ed1:-7778 1ed2:-7779 1ed3:-7780 1ed4:-7781 1ed5:-7782 "
    "1ed6:-7783 1ed7:-7784 1ed8:-7785 1ed9:-7786 1eda:-7787 1edb:-7788 1edc:-7789 1edd:-7790 "
    "1ede:-7791 1edf:-7792 1ee0:-7793 1ee1:-7794 1ee2:-7795 1ee3:-7796 1ee4:-7791 1ee5:-7792 "
    "1ee6:-7793 1ee7:-7794 1ee8:-7795 1ee9:-7796 1eea:-7797 1eeb:-7798 1eec:-7799 1eed:-7800 "
    "1eee:-7801 1eef:-7802 1ef0:-7803 1ef1:-7804 1ef2:-7801 1ef3:-7802 1ef4:-7803 1ef5:-7804 "
    "1ef6:-7805 1ef7:-7806 1ef8:-7807 1ef9:-7808 1efa-1efe/2:1 1f08-1f0f:-8 1f18-1f1d:-8 "
    "1f28-1f2f:-8 1f38-1f3f:-8 1f48-1f4d:-8 1f59-1f5f/2:-8 1f68-1f6f:-8 1f88-1f8f:-8 "
    "1f98-1f9f:-8 1fa8-1faf:-8 1fb8-1fb9:-8 1fba-1fbb:-74 1fbc:-9 1fbe:-7173 1fc8-1fcb:-86 "
    "1fcc:-9 1fd8-1fd9:-8 1fda-1fdb:-100 1fe8-1fe9:-8 1fea-1feb:-112 1fec:-7 1ff8-1ff9:-128 "
    "1ffa-1ffb:-126 1ffc:-9 2126:-7517 212a:-8383 212b:-8394 2132:28 2160-216f:16 2183:1 "
    "2c00-2c2e:48 2c60:1 2c62:-10743 2c63:-3814 2c64:-10727 2c67-2c6b/2:1 2c6d:-10780 "
    "2c6e:-10749 2c6f:-10783 2c70:-10782 2c72:1 2c75:1 2c7e-2c7f:-10815 2c80-2ce2/2:1 "
    "2ceb-2ced/2:1 2cf2:1 a640-a66c/2:1 a680-a696/2:1 a722-a72e/2:1 a732-a76e/2:1 a779-a77b/2:1 "
    "a77d:-35332 a77e-a786/2:1 a78b:1 a78d:-42280 a790-a792/2:1 a7a0-a7a8/2:1 a7aa:-42308 "
    "ff21-ff3a:32 10400-10427:40 "
)


def _ranges(spec: str) -> Iterator[tuple[int, int, int]]:
    for item in spec.split():
        first, _, rest = item.partition("-")
        last, _, stride = rest.partition("/")
        yield int(first, 16), int(last or first, 16), int(stride or 1)


def _token_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """Runs of token characters: in any text, and (much faster: ``re`` then uses a bitmap) in
    a text without characters beyond the BMP."""
    parts, bmp = [], []
    for first, last, _ in _ranges(_SEPARATORS):
        part = re.escape(chr(first)) + ("-" + re.escape(chr(last)) if last > first else "")
        parts.append(part)
        if last <= 0xFFFF:
            bmp.append(part)
    surrogates = "\ud800-\udfff"  # never stored; they separate too
    return (
        re.compile("[^\x00" + "".join(parts) + surrogates + "]+"),
        re.compile("[^\x00" + "".join(bmp) + surrogates + "]+"),
    )


def _fold_table() -> dict[int, str]:
    table: dict[int, str] = {}
    for item in _FOLDS.split():
        span, _, delta = item.partition(":")
        for first, last, stride in _ranges(span):
            for code in range(first, last + 1, stride):
                table[code] = chr(code + int(delta)) if delta else ""
    for code in range(ord("A"), ord("Z") + 1):
        table[code] = chr(code + 32)
    return table


_TOKEN, _TOKEN_BMP = _token_patterns()
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")
_FOLD = _fold_table()
_SAFE_CATEGORIES = frozenset({"Ll", "Lo", "Lm"})
_SAFE_WORD = re.compile("[a-z0-9]+")
_spelled: dict[str, str] = {}  # non-ASCII character -> its PostgreSQL spelling


def _fold(token: str) -> str:
    return token.lower() if token.isascii() else token.translate(_FOLD)


def _spelling(char: str) -> str:
    spelled = _spelled.get(char)
    if spelled is None:
        if unicodedata.category(char) in _SAFE_CATEGORIES and char.lower() == char:
            spelled = char
        else:
            spelled = f"{_ESCAPE}{ord(char):06x}"
        _spelled[char] = spelled
    return spelled


_FLOAT_E = re.compile("(?<=[0-9])e")


def lexeme(word: str) -> str:
    """``word`` (as ``words`` gives it) spelled so that PostgreSQL's parser keeps it whole."""
    if not word.isascii():
        word = "".join(char if char.isascii() else _spelling(char) for char in word)
    # PostgreSQL reads "25e2u8" as the number "25e2" and the word "u8".
    return _FLOAT_E.sub(_ESCAPE + "000065", word) if "e" in word else word


def fits(word: str) -> bool:
    return len(word) * 4 <= MAX_LEXEME_BYTES or len(lexeme(word).encode()) <= MAX_LEXEME_BYTES


def _finder(text: str) -> re.Pattern[str]:
    return _TOKEN if _ASTRAL.search(text) else _TOKEN_BMP


def tokens(text: str) -> Iterator[tuple[int, int, str]]:
    """(start, end, folded word) of every FTS5 token of ``text``, however long."""
    for found in _finder(text).finditer(text):
        word = _fold(found.group())
        if word:
            yield found.start(), found.end(), word


def words(text: str) -> list[str]:
    """The words of ``text`` as FTS5 indexes them (see the module docstring), in order,
    without those too long for a PostgreSQL lexeme."""
    if text.isascii():
        found = _TOKEN_BMP.findall(text.lower())
    else:
        found = [_fold(token) for token in _finder(text).findall(text)]
        if "" in found:  # only combining marks that fold to nothing
            found = [word for word in found if word]
    if max(map(len, found), default=0) > MAX_LEXEME_BYTES // 4:
        found = [word for word in found if fits(word)]
    return found


def index_text(text: str) -> str:
    """The text PostgreSQL indexes for ``text``: its words' PostgreSQL spellings joined by
    single spaces (``to_tsvector('simple', index_text(x))``)."""
    joined = " ".join(words(text))
    # As ``lexeme`` of each word, done on the whole (a space is not a digit).
    if not joined.isascii():
        joined = _NON_ASCII.sub(lambda found: _spelling(found.group()), joined)
    return _FLOAT_E.sub(_ESCAPE + "000065", joined)


_NON_ASCII = re.compile("[^\x00-\x7f]")


# A tsvector holds at most 1 MB; an article's distinct words are far fewer, but each column is
# cut here so that no article can fail to be indexed.
MAX_INDEXED_CHARS = 2_000_000

DocumentWords = tuple[str, str, str, str]  # title, body, captions, credits


def document_words(title: str, body: str, captions: str, credits: str) -> DocumentWords:
    """An article's columns as the words a team archive's search document is built from
    (``store.pg_index``): title, body, captions, credits."""
    return (
        index_text(title[:MAX_INDEXED_CHARS]),
        index_text(body[:MAX_INDEXED_CHARS]),
        index_text(captions[:MAX_INDEXED_CHARS]),
        index_text(credits[:MAX_INDEXED_CHARS]),
    )
