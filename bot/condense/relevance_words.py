"""Word evidence for relevance (bot/condense/relevance.py): what the war is written with, and what other news is.

Each topic lists word beginnings in Ukrainian, Russian and English, lower-cased, apostrophes dropped, ё as е.
A beginning survives declension (обстріл: обстрілу, обстрілами; пленн: пленные, пленных), so one entry covers a
word's forms. Marks after an entry:
    = the whole word only ("war=" is not "warm" or "warning"; "бої=" is not "боїться")
    ~ ambiguous, counts half ("удар~": a strike, but also a punch; "match~": also "to match")
    ^ names the theatre of this war (ЗСУ, ВСУ): see THEATRE
A word takes the LONGEST beginning listed anywhere, so a longer entry overrides a shorter one across topics:
"ракетк" (a tennis racket) is sport although "ракет" is a strike; "наступн" (next) is nothing although "наступ"
is an offensive. BLOCKERS are such beginnings that carry no evidence at all.

How much each topic weighs is not set here: the model in relevance.py learns it from hand-written examples.
"""

from __future__ import annotations

# Where this war is: Ukraine, Russia, their cities, Ukraine's oblasts, the Russian regions the war reaches, Belarus.
# Naming none of them, a report of strikes and troops is about another war (Gaza, Idlib, Sudan). The topics in
# THEATRE_TOPICS and the entries marked "^" name the theatre too.
THEATRE = """
    україн росі рф= московит київ києв харків одес дніпр львів миколаїв суми= сумах= сумам= сумськ
    чернігів житомир полтав кременчук вінниц хмельниц черкас кропивниц луцьк тернопіл івано-франків ужгород
    чернівц нікопол криворіж ізмаїл очаків бровар балакл сєвєродонецьк лисичанськ кадіївк алчевськ горлівк макіїв
    олешк скадовськ генічеськ джанкой севастопол сімферопол євпаторі феодосі одещин
    херсонщин запоріжж вінниччин черкащин кіровоградщин
    хмельниччин волин рівненщин прикарпатт буковин слобожанщин брянщин
    бєлгородщин брянськ ростов воронеж краснодар новоросійськ туапсе саратов волгоград рязан енгельс таганрог
    липецьк калуг смоленськ псков ленінградськ петербург татарстан башкир чечн дагестан білорус придністров
    калінінград москв
    украин росси киев харьков днепр львов николаев сумы= сумск чернигов кременчуг винниц
       луцк тернопол ивано-франковск черновц никопол кривом= криворож измаил очаков
     северодонецк лисичанск горловк макеевк скадовск геническ симферопол евпатори феодоси запорожь
    волын ровенск закарпат брянск новороссийск энгельс липецк смоленск ленинградск беларус
    приднестров калининград
    ukrain russia kyiv kiev kharkiv kharkov odesa odessa dnipro lviv mykolaiv sumy chernihiv
    zhytomyr poltava kremenchuk vinnytsia khmelnytsk cherkasy kropyvnytsk lutsk ternopil ivano-frankivsk uzhhorod
    chernivtsi nikopol kryvyi izmail ochakiv brovary balakliia sievierodonetsk severodonetsk lysychansk horlivka
    makiivka sevastopol simferopol yevpatoria feodosia volyn bryansk rostov voronezh krasnodar novorossiysk
    tuapse saratov volgograd ryazan engels taganrog lipetsk kaluga smolensk pskov leningrad petersburg
    tatarstan bashkortostan chechn dagestan belarus transnistria kaliningrad moscow muscovite
"""
THEATRE_TOPICS = ("front_places", "leaders", "occupation")


# Topics that make a report war news.
WAR_TOPICS: dict[str, str] = {
    "war": """
        війн воєн вторгн агресі агресор повномасштабн бойов збройн~ воюва
        войн военн вторжен агресси агрессор полномасштабн боев вооруженн~ сво= спецоперац воева
        war= wars= wartime warfare war-torn invasion invad aggress full-scale combat hostilit armed~ warring
    """,
    "forces": """
        військ зсу=^ армі солдат бійц~ боєц~ командуван командир~ генштаб генерал~ міноборон оборон~ бригад
        батальйон полк~ десант морпіх нацгвард тро=^ гур=^ сбу=^ ссо=^ дшв=^ підрозділ угрупован осув=^ захисник~
           ветеран~
        войск военнослужащ арми солдат бойц~ боец~ командован командир~ генштаб генерал~ минобор оборон~ бригад
        батальон полк~ десант морпех росгвард^ нацгвард вагнер^ чвк=^ подразделен группировк~ всу=^ вс= гру=^
        вооруженные~ ветеран~
        troop militar army armies soldier servicem brigade battalion regiment commander~ pentagon
        marines paratroop mercenar wagner^ infantry forces~ sbu=^ afu=^ defence= defense= veteran~
    """,
    "combat": """
        бої= боїв= боях= бою= боями= штурм наступ= наступа~ наступу= наступом= наступі= наступальн контрнаступ фронт
        позиці~ оточен оточи звільни~ звільнен~ деокупац захопи~ захопл~ відступ~ відійш~ виведен~ прорив~
        плацдарм укріплен окоп диверс партизан ліквідова~ напрямк~ контратак
        бои= боях= боем= бой= штурм наступлени~ наступательн контрнаступ фронт позици~ окружени~ освобод~
        захват захвати отступ~ отвод~ вывод~ прорыв~ плацдарм укреплен окоп диверс партизан ликвидир~
        направлени~ взяти~ контратак
        fighting fight~ battle~ battlefield frontline front-line front~ offensive counteroffensive
        counter-offensive assault advanc~ captur~ seiz~ liberat recaptur retak~ retreat~ withdr~ encircl
        trench bridgehead foothold~ sabotage partisan clash~ skirmish stronghold storming stormed
    """,
    "strikes": """
        обстріл ракет дрон безпілот бпла= шахед удар~ атак~ вибух~ прильот приліт влучан влучи~ бомб авіабомб
        каб= артилер ппо= протиповітрян збит~ збил~ перехопл~ зруйн~ знищ~ пошкодж~ уламк тривог~ укритт~
        іскандер калібр~ кинджал~ герань~ ланцет
        обстрел ракет дрон беспилот бпла= шахед удар~ атак~ взрыв~ прилет~ попадани~ бомб авиабомб каб=
        артиллер пво= противовоздуш сбит~ сбил~ перехват~ разруш~ уничтож~ поврежд~ обломк тревог~ укрыти~
        искандер калибр~ кинжал~ фаб=
        shelling shelled shell~ missile rocket~ drone uav shahed strike~ airstrike bomb artillery
        interceptor intercept~ downed~ explosion~ blast~ debris~ attack~ barrage raid~ siren~ shelter~
        destroyed~ damaged~ iskander kinzhal kalibr air-defence air-defense
    """,
    "casualties": """
        загибл~ загину~ поранен поранил~ вбит~ вбив~ жертв~ травмован~ цивільн~ мирн~ евакуац~ втрат~ полегл
        погиб~ гибел~ ранен убит~ жертв~ пострада~ мирн~ эвакуац~ потер~
          kill~ dead=~ death~ died~ wounded injur~ casualt civilian victim~ evacuat~ toll~
    """,
    "captivity": """
        полон військовополон репатріац обмін~ депортов депортац викраден~ катуван фільтрац заручник
        плен= плена= плену= пленом= пленн военнопленн репатриац обмен~ депортир депортац похищ~ пытк пыток
        фильтрац заложник
        prisoner pows= pow= captiv repatriat exchang~ swap~ deport abduct torture~ hostage~ filtration
    """,
    "mobilisation": """
        мобіліз демобіліз призов~ призовн тцк= військкомат повістк резервіст бронюван~ відстрочк~ ухилянт сзч=
        мобилиз демобилиз призыв~ призывн военкомат повестк~ резервист отсрочк~ уклонист~ контрактник
        mobilis mobiliz demobili conscript draft~ draftee enlist recruit~ reservist call-up deferment~ dodger~
    """,
    "sanctions": """
        санкці ембарго заморож~ репараці тіньов~
        санкци эмбарго заморож~ репараци теневой~ теневого~
        sanction embargo frozen~ reparation blacklist~ price-cap
    """,
    "diplomacy": """
        перемовин переговор перемир капітуляц гаранті~ нато= рамштайн коаліці~ посередни~ вогн~ угод~ допомог~
        постачан~
        переговор капитуляц гаранти~ нато= огн~ посредни~ помощ~ поставк~ соглашени~
        negotiat~ talks~ ceasefire cease-fire truce armistice peace~ guarantee~ nato= ramstein mediat~ aid=~
        coalition~
    """,
    "weapons": """
        збро озброєн боєприпас снаряд танк бронетехн гаубиц мінуван розмінуван винищувач гранат~ кулемет
        f-16 himars atacms abrams~ leopard~ patriot~ javelin байрактар крейсер флот~ ядерн~ аес~ заес= магате
        оружи боеприпас снаряд~ танк бронетехн гаубиц минирован разминирован истребител гранат~ пулемет
        крейсер флот~ ядерн~ аэс~ бомбардировщ заэс= магатэ
        weapon arms=~ ammunition ammo= howitzer himars atacms abrams~ leopard~ patriot~ javelin bayraktar
        tank=~ tanks=~ landmine demining warship cruiser fleet~ submarine~ frigate bomber nuclear~ iaea znpp
    """,
    "leaders": """
        путін зеленськ сирськ залужн буданов герасимов шойгу бєлоусов пригожин кадиров умєров кремл маляр~
        лукашенк~ єрмак~ песков
        путин зеленск сырск залужн буданов герасимов шойгу белоусов пригожин кадыров умеров кремл песков
        лавров~ маляр~ лукашенк~ ермак~
        putin zelensk syrsk zaluzhn budanov gerasimov shoigu belousov prigozh kadyrov umerov kremlin peskov
        lavrov~ witkoff kellogg~ lukashenk~ yermak~
    """,
    "front_places": """
        донбас донецьк донеччин днр= луганськ луганщин лнр= крим херсон запоріж запорізьк харківщин~
        бахмут авдіїв покровськ вугледар купянськ курщин курськ бєлгород маріупол енергодар керч роботин
        вовчанськ краматорськ словянськ ізюм торецьк сіверськ костянтинівк гуляйпол оріхів кліщіїв мелітопол
        бердянськ каховк азовстал буча= бучі= ірпін~ гостомел зміїн новоросі сумщин~ чернігівщин~ мирноград
        донецк луганск крым запорож бахмут артемовск авдеевк покровск красноармейск угледар купянск
        курск белгород мариупол энергодар работин волчанск краматорск славянск торецк северск константиновк
        гуляйпол орехов мелитопол бердянск азовстал змеин новоросси димитров
        donbas donetsk luhansk lugansk crimea kherson zaporizh zaporozh bakhmut avdiiv avdeev pokrovsk
        vuhledar ugledar vugledar chasiv kupiansk kupyansk kursk belgorod mariupol enerhodar kerch robotyne
        vovchansk kramatorsk sloviansk slovyansk izium toretsk siversk kostiantynivka huliaipole orikhiv
        melitopol berdiansk kakhovka azovstal bucha~ irpin~ hostomel myrnohrad
    """,
    "occupation": """
        окупац окупант окупован окупува загарбник рашист орк= орки= орків= колаборант анексі гауляйтер
        псевдореферендум
        оккупац оккупант оккупирован аннекси коллаборант гауляйтер псевдореферендум
        occupation~ occupied occupier occupying invader annex collaborat~ puppet~
    """,
}

# Topics of other news: a report about them is not war news, even when it names the war in passing.
OTHER_TOPICS: dict[str, str] = {
    "sport": """
        матч футбол збірн турнір чемпіон гол= голи= голом= теніс бокс нокаут
        нокдаун олімпі ліг~ клуб~ трансфер~ гравц гравець тренер уєфа фіфа плей-оф фінал~ півфінал
        чвертьфінал ракетк вімблдон стадіон спорт пенальті форвард нападник~ півзахисник воротар
        кубок медал~ фехтуван гімнаст атлет легкоатлет біатлон хокей баскетбол волейбол шахіст шах= тайбрейк
        раунд~ титул~ поєдин~ суперни~ команд~ вболівальн уболівальн євро-20 премєр-ліг ла-ліг серії~ бомбардир
        забив~ рахунк~ переможец~ фан=
        матч футбол сборн турнир чемпион гол= голы= голом= теннис бокс нокаут
        нокдаун олимпи лиг~ клуб~ трансфер~ игрок тренер уефа фифа финал~ полуфинал четвертьфинал
        ракетк уимблдон стадион спорт пенальти форвард нападающ полузащитник вратар кубок медал~
        фехтован гимнаст атлет легкоатлет биатлон хоккей баскетбол волейбол шахмат тайбрейк раунд~ титул~
        поедин~ соперни~ команд~ болельщ фанат евро-20 хавбек премьер-лиг серии~ забил~ счет~
        football soccer tournament champion goal~ tennis boxing boxer knockout olympi
        league club~ transfer~ player~ coach uefa fifa playoff play-off final~ semifinal semi-final
        quarterfinal quarter-final racket wimbledon stadium athlete sport penalt~ striker forward~
        midfielder goalkeeper cup=~ medal~ gymnast biathlon hockey basketball volleyball chess tiebreak
        seed~ unseeded round~ title~ fans~ supporters~ euro=~ slam~ score~ teammate team~ squad~
        match~
    """,
    "culture": """
        євробачен пісн концерт фільм кіно~ серіал премі~ нобелів літератур письменн поет= поетес актор актрис
        співа музик музичн альбом театр вистав~ виставк музе галере художн митц митец оскар фестивал
        ювіле~ книг~ роман~ лауреат~ церемоні~ шоу= зірк~ блогер~ мюзикл балет опера= оперн конкурс~
        переможниц~ збірник
        евровиден песн концерт фильм кино~ сериал преми~ нобелевск литератур писател поэт актер актрис певиц
        певец музык альбом театр выставк музе галере художествен оскар фестивал юбиле~ книг~ роман~
        лауреат~ церемони~ шоу= звезд~ блогер~ мюзикл балет опера= оперн конкурс~ победительниц~ сборник
        eurovision song singer concert film movie cinema series~ prize~ nobel~ literature novel~ writer poet
        actor actress music album theatre theater exhibition museum gallery~ artist~ oscar festival
        anniversary~ book~ laureate~ ceremony~ show=~ celebrity star=~ influencer fashion tiktok~
        ballet opera contest~ hollywood netflix
    """,
    "weather": """
        погод спек сніг мороз~ синоптик температур опад дощ злив~ гроз~ вітер вітр ураган шторм~
        циклон антициклон туман~ ожеледиц хуртовин заметіл посух паводк повін~ градус~ гідрометцентр
        клімат~ потеплін похолодан сонячн~ хмарн~
        погод жар~ снег сугроб мороз~ синоптик температур осадк дожд ливн гроз~ ветер ветр~ ураган
        шторм~ циклон антициклон туман~ гололед метел засух паводк наводнен градус~ метеостанц гидрометцентр
        клима~ потеплен похолодан аномальн~
        weather heatwave heat=~ snow frost~ forecaster forecast~ temperature rain~ storm~
        hurricane typhoon cyclone fog~ blizzard drought flood~ degrees~ celsius meteorolog climate~
        thunderstorm sunny cloudy tornado wildfire~ торнадо смерч
    """,
    "economy": """
        цін подорожча подешев дорожч~ інфляц ставк~ нацбанк нбу= обліков~ курс~ гривн~ долар~ бензин
        дизел~ пальн азс= заправк ринк~ ринок~ бірж продаж~ споживч зарплат пенсі тариф податк податок
        бюджет~ ввп~ економік~ економічн~ урожа полуниц яйц овоч фрукт продукт~ вартіст кредит~ іпотек депозит
        банк~ прибут доход~ дохід~ торгівл~ експорт~ здорожча
        цен подорожа подешев дорожа~ дешев~ инфляц ставк~ центробанк цб= ключев~ курс~ рубл~ доллар~ бензин
        дизел~ топлив~ азс= заправк рынк~ рынок~ бирж продаж~ потребител зарплат пенси тариф налог бюджет~ ввп~
        экономик~ экономическ~ урожа клубник яйц овощ фрукт продукт~ стоимост кредит~ ипотек вклад~ депозит
        банк~ прибыл доход~ торговл~ экспорт~ росстат
        price~ inflation rate~ bank~ ecb fed=~ interest~ currency dollar~ petrol gasoline
        diesel~ fuel~ market~ stocks~ shares~ shareholder investor earnings revenue~ profit salary salaries
        wage pension tariff~ tax~ budget~ gdp~ economy~ economic~ harvest strawberr eggs~ grocer consumer
        mortgage loan~ retail sales~
    """,
    "tech": """
        смартфон гаджет штучн~ стартап
        додаток~ соцмереж~ криптовалют біткоїн тесл~ маск~ айфон нейромереж
        айфон смартфон гаджет нейросет искусственн~ стартап криптовалют биткоин маск~ приложени~
        iphone apple openai chatgpt google~ microsoft samsung android ios=
        smartphone gadget ai=~ artificial~ startup software chip~ nvidia app=~ crypto~ bitcoin tesla~ musk~
    """,
    "people": """
        королев корол~ принц монарх весілл розлучен~ помер~ похорон~ годинник~
        королев корол~ принц монарх свадьб развод~ скончал~ похорон~ часы=~
        queen king~ prince monarch royal wedding divorce funeral~ buckingham palace~ clocks~
        daylight
    """,
    "crime": """
        поліці~ поліцейськ~ злочин~ шахра крадіж викрадення= пограбув хабар корупці~ суд~ стрілянин
        вбивц~ детектив~
        полици~ полицейск~ преступ~ мошенни краж ограбл взятк коррупц~ суд~ стрельб убийц~ следстви~
        police~ gunman gunmen shooting~ murder~ fraud theft robbery bribe corruption~ court~ trial~ prosecutor~
        arrested~ jailed~ sentenced~
    """,
    "elsewhere": """
        ізраїл газа= газі= хамас хезболл сирі~ ідліб ємен хусит судан ефіопі сомалі афганістан талібан карабах
        вірмені азербайдж ірак іран пакистан кндр пхеньян мянм лівії= лівія= ігіл косов тайван палестин ліван
        израил хамас хезболл сири~ идлиб йемен хусит хуси= судан эфиопи сомали афганистан талибан карабах армени
        азербайдж ирак иран пакистан кндр пхеньян мьянм ливии= ливия= игил косов тайван палестин ливан
        israel gaza hamas hezbollah syria idlib yemen houthi sudan ethiopia somalia afghanistan taliban karabakh
        armenia azerbaijan iraq iran pakistan pyongyang north-korea myanmar libya isis isil kosovo taiwan
        palestin lebanon idf= sahel mali= niger=
    """,
    "health": """
        лікар~ хвороб вакцин covid ковід грип вірус~ епідемі пандемі медичн~ здоров~ онколог дієт лікуван~
        врач~ болезн вакцин ковид вирус~ эпидеми пандеми медицин~ здоров~ онколог диет
        doctor~ disease vaccine flu= virus~ epidemic pandemic medical~ health~ cancer diet hospital~
    """,
}

# Beginnings that would otherwise fall under a shorter entry of the wrong topic, and say nothing themselves.
BLOCKERS = """
    наступн наступил наступит кримінал полоній полонез полоний центр ценз спектр спекул призові= призовий=
    призового= призових= бойовик боевик фронтмен танкер командн гранат= shellfish shelley frontrunner front-runner
    contested peacetime судн
"""
