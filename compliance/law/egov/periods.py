"""The days the derived catalog's periods begin and end, and what the texts say about each.

Most are days a cabinet order sets (政令で定める日), which neither shared text contains; the Act's
own 附則 bounds them. Where a supplementary provision of the 2025 text states a day for a change
of a 別表 row, :mod:`compliance.law.egov.suppl` reads it and the row gets a period from that day.
"""

from __future__ import annotations

import datetime as dt

#: 番号法附則第1条第4号: use of the number (第9条, 別表第一) begins on a day set by cabinet order,
#: within 三年六月 of promulgation (平成25年5月31日); the catalog uses 2016-01-01.
CATALOG_START = dt.date(2016, 1, 1)
#: 番号法附則第1条第5号: 第19条第7号 (the network) and 別表第二 take effect on a day set by cabinet
#: order 「公布の日から起算して四年を超えない範囲内」, so no later than 2017-05-30 (four years counted
#: from 2013-05-31); 平成27年法律第65号附則第1条第5号 ties its ordinance-linkage item to the same day.
#: The catalog uses that last day for the Article 19 items and the 別表第二 permissions alike
#: (linkage in practice began with trial operation on 2017-07-18, inside the period).
NETWORK_START = dt.date(2017, 5, 30)
#: The day the employer-transfer item (today's 19(4)) moved items 4… down by one; not stated in the
#: shared texts (documents of 2022 already quote the 2025 numbering).
EMPLOYER_ITEM_START = dt.date(2021, 9, 1)
#: 令和5年法律第48号: the 別表 restructure and 別表第二 → 主務省令, on the day the cabinet order sets.
RESTRUCTURE = dt.date(2024, 5, 27)
#: The day the 2025 text was served: changes it states for later days are not in its wording.
TEXT_2025_DAY = dt.date(2025, 9, 24)
