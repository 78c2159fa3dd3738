"""Korean personal names in news text: the surnames a name starts with, a name's pattern, and what may
stand between a name and the title after it (its hanja, a photo note)."""

from __future__ import annotations

SURNAMES = set("김이박최정강조윤장임한오서신권황안송류유전홍고문양손배백허남심노하곽성차주우구민진나지엄채원천방공"
               "현함변염여추도소석선설마길연위표명기반왕금옥육인맹제모탁국어은편용예경봉사부황보")
# 2 or 3 syllables, 4 only with a two-syllable surname (not 우리나라 교육감)
NAME = r"(?<![가-힣])(?P<name>(?:남궁|황보|제갈|선우|독고|사공)[가-힣]{1,2}|[가-힣]{2,3})"
# A name may carry its hanja or a photo note (김혁규(金爀珪)지사, 김진선(사진) 지사); a role after it ends its
# word or takes a particle (지사는).
HANJA = r"(?:\s?\((?:[\u4e00-\u9fff]{2,4}|사진|사진 ?(?:왼쪽|오른쪽|가운데)|왼쪽|오른쪽|가운데)\))?"
ROLE_END = r"(?:(?![가-힣])|(?=[은는이가을를의와과도에께]))"
