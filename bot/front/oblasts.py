"""The oblasts the front crosses: GeoNames admin-1 codes -> ISO 3166-2 codes and names in en/uk/ru.

GeoNames numbers Ukraine's admin-1 units alphabetically by their old English names (UA.01 Cherkasy ...
UA.27 Zhytomyr); Russia's border oblasts keep GeoNames' own numbers (RU.41 Kursk, RU.09 Belgorod,
RU.10 Bryansk). The names are the official ones (English: Ukraine's 2010 romanisation, as the press uses).
"""

from __future__ import annotations

from types import MappingProxyType

from bot.front.model import Region

# (GeoNames country, admin-1 code) -> (ISO 3166-2, English, Ukrainian, Russian)
_TABLE: tuple[tuple[str, str, str, str, str, str], ...] = (
    ("UA", "01", "UA-71", "Cherkasy Oblast", "Черкаська область", "Черкасская область"),
    ("UA", "02", "UA-74", "Chernihiv Oblast", "Чернігівська область", "Черниговская область"),
    ("UA", "03", "UA-77", "Chernivtsi Oblast", "Чернівецька область", "Черновицкая область"),
    ("UA", "04", "UA-12", "Dnipropetrovsk Oblast", "Дніпропетровська область", "Днепропетровская область"),
    ("UA", "05", "UA-14", "Donetsk Oblast", "Донецька область", "Донецкая область"),
    ("UA", "06", "UA-26", "Ivano-Frankivsk Oblast", "Івано-Франківська область", "Ивано-Франковская область"),
    ("UA", "07", "UA-63", "Kharkiv Oblast", "Харківська область", "Харьковская область"),
    ("UA", "08", "UA-65", "Kherson Oblast", "Херсонська область", "Херсонская область"),
    ("UA", "09", "UA-68", "Khmelnytskyi Oblast", "Хмельницька область", "Хмельницкая область"),
    ("UA", "10", "UA-35", "Kirovohrad Oblast", "Кіровоградська область", "Кировоградская область"),
    ("UA", "11", "UA-43", "Autonomous Republic of Crimea", "Автономна Республіка Крим", "Автономная Республика Крым"),
    ("UA", "12", "UA-30", "Kyiv", "Київ", "Киев"),
    ("UA", "13", "UA-32", "Kyiv Oblast", "Київська область", "Киевская область"),
    ("UA", "14", "UA-09", "Luhansk Oblast", "Луганська область", "Луганская область"),
    ("UA", "15", "UA-46", "Lviv Oblast", "Львівська область", "Львовская область"),
    ("UA", "16", "UA-48", "Mykolaiv Oblast", "Миколаївська область", "Николаевская область"),
    ("UA", "17", "UA-51", "Odesa Oblast", "Одеська область", "Одесская область"),
    ("UA", "18", "UA-53", "Poltava Oblast", "Полтавська область", "Полтавская область"),
    ("UA", "19", "UA-56", "Rivne Oblast", "Рівненська область", "Ровенская область"),
    ("UA", "20", "UA-40", "Sevastopol", "Севастополь", "Севастополь"),
    ("UA", "21", "UA-59", "Sumy Oblast", "Сумська область", "Сумская область"),
    ("UA", "22", "UA-61", "Ternopil Oblast", "Тернопільська область", "Тернопольская область"),
    ("UA", "23", "UA-05", "Vinnytsia Oblast", "Вінницька область", "Винницкая область"),
    ("UA", "24", "UA-07", "Volyn Oblast", "Волинська область", "Волынская область"),
    ("UA", "25", "UA-21", "Zakarpattia Oblast", "Закарпатська область", "Закарпатская область"),
    ("UA", "26", "UA-23", "Zaporizhzhia Oblast", "Запорізька область", "Запорожская область"),
    ("UA", "27", "UA-18", "Zhytomyr Oblast", "Житомирська область", "Житомирская область"),
    ("RU", "41", "RU-KRS", "Kursk Oblast", "Курська область", "Курская область"),
    ("RU", "09", "RU-BEL", "Belgorod Oblast", "Бєлгородська область", "Белгородская область"),
    ("RU", "10", "RU-BRY", "Bryansk Oblast", "Брянська область", "Брянская область"),
)

# ISO code -> Region, for every oblast the gazetteer can name.
OBLASTS = MappingProxyType({iso: Region(iso, en, uk, ru) for _, _, iso, en, uk, ru in _TABLE})
# (country, GeoNames admin-1 code) -> ISO code.
GEONAMES_ADMIN1 = MappingProxyType({(cc, admin1): iso for cc, admin1, iso, *_ in _TABLE})
