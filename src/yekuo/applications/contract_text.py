"""The supply contract text the customer confirms in the portal. A change of text is a new version; the
signature keeps the version and the SHA-256 digest of the exact text shown."""

from __future__ import annotations

import hashlib

CONTRACT_TEXT_VERSION = "YEKUO-GYDHT-2026.1"
CONTRACT_TERM_YEARS = 5
CONTRACT_TEXT = """供用电合同（格式文本 YEKUO-GYDHT-2026.1）

一、供电人按照经双方确认的供电方案，向用电人供电，供电电压、容量、计量方式以供电方案答复为准。
二、用电人按照国家核准的电价和用电计量装置的记录，按期交付电费。
三、用电人受电工程竣工检验合格、本合同签订、相关费用结清后，供电人在规定时限内装表接电。
四、双方按照《中华人民共和国民法典》合同编、《电力供应与使用条例》《供电营业规则》履行各自义务。
五、本合同有效期五年，期满双方均未提出异议的，继续有效。
六、用电人在线确认本合同，与书面签字盖章具有同等效力。"""


def contract_text_digest(text: str = CONTRACT_TEXT) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
