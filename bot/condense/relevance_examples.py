"""Hand-written examples the relevance model is fitted on: (is war news, "headline\\nlead").

Written for this project in Ukrainian, Russian and English; no evaluation text is copied here. They show
ordinary reports of each kind and the hard cases on both sides of the line: sport, culture and prices that name
the war or the army are other news; a strike on a refinery, sanctions, a prisoner exchange or the making of
shells are war news.
"""

from __future__ import annotations

WAR, OTHER = True, False

EXAMPLES: tuple[tuple[bool, str], ...] = (
    # --- Ukrainian: war ------------------------------------------------------------------------------------------
    (WAR, "Сили оборони відбили 38 штурмів на Покровському напрямку\n"
          "За минулу добу ворог намагався прорвати оборону біля кількох сіл, повідомив Генштаб ЗСУ."),
    (WAR, "Уночі росіяни атакували Одесу ударними дронами\n"
          "Є влучання в портову інфраструктуру, загинула одна людина, ще четверо поранені."),
    (WAR, "Внаслідок обстрілу Херсона поранено трьох цивільних\n"
          "Окупанти били з артилерії по житлових кварталах, повідомила обласна військова адміністрація."),
    (WAR, "Україна повернула з полону ще 95 захисників\n"
          "Обмін полоненими відбувся за посередництва ОАЕ, серед звільнених є оборонці Маріуполя."),
    (WAR, "Рада ухвалила закон про посилення мобілізації\n"
          "Документ змінює правила відстрочки та обов'язки ТЦК щодо повісток."),
    (WAR, "ЄС затвердив новий пакет санкцій проти росії\n"
          "Обмеження торкнуться суден тіньового флоту та постачальників компонентів для ракет."),
    (WAR, "Дрони СБУ уразили нафтопереробний завод у Рязанській області\n"
          "На території НПЗ спалахнула пожежа, росіяни заявляють про збиття безпілотників."),
    (WAR, "Окупанти примусово вивозять дітей з лівобережжя Херсонщини\n"
          "Омбудсман назвав це депортацією і звернувся до міжнародних організацій."),
    (WAR, "Росія вдарила ракетами по енергетиці: у кількох областях відключення\n"
          "Під ударом опинилися теплові електростанції, ППО збила частину ракет."),
    (WAR, "Сирський: ситуація на Курському напрямку залишається складною\n"
          "Головнокомандувач провів нараду з командирами бригад щодо утримання позицій."),
    (WAR, "Партнери передадуть Україні ще дві системи Patriot\n"
          "Рішення ухвалили на засіданні групи Рамштайн, також обговорили постачання снарядів."),
    (WAR, "У Запоріжжі авіабомба зруйнувала багатоповерхівку\n"
          "Під завалами можуть бути люди, рятувальники розбирають уламки."),
    (WAR, "Український завод утричі збільшив виробництво боєприпасів\n"
          "Оборонна промисловість нарощує випуск снарядів і дронів для фронту."),
    (WAR, "Зеленський продовжив воєнний стан і загальну мобілізацію\n"
          "Указ набуде чинності після затвердження Верховною Радою."),
    (WAR, "Прикордонники знищили диверсійну групу на Сумщині\n"
          "Ворожі диверсанти намагалися перетнути кордон поблизу села."),
    (WAR, "Уламки збитого дрона пошкодили будинок у Києві\n"
          "Під час нічної атаки працювала протиповітряна оборона, постраждалих немає."),
    (WAR, "Окупанти оголосили примусову евакуацію прифронтових сіл\n"
          "Окупаційна влада вивозить людей з тимчасово окупованих громад."),
    (WAR, "ЗСУ звільнили село біля Роботиного\n"
          "Українські військові підняли прапор у населеному пункті після тижнів боїв."),
    (WAR, "Делегації України та росії провели перемовини в Стамбулі\n"
          "Сторони обговорили обмін полоненими і можливе припинення вогню."),
    (WAR, "МАГАТЕ: ЗАЕС знову втратила зовнішнє живлення через обстріли\n"
          "Станція перейшла на дизель-генератори, заявили в агентстві."),
    (WAR, "Росіяни вийшли на околиці Куп'янська\n"
          "Бої тривають у кількох районах міста, штурмові групи просуваються малими силами."),
    (WAR, "Загинув захисник з Житомирщини\n"
          "Воїн загинув під час виконання бойового завдання на Донеччині."),
    (WAR, "Повітряна тривога в усіх областях через запуск ракет з бомбардувальників\n"
          "Моніторингові канали фіксують пуски крилатих ракет."),
    (WAR, "На окупованих територіях росія проводить псевдовибори\n"
          "Окупанти ходять по квартирах з автоматниками."),
    (WAR, "Британія розширила санкції проти російських банків\n"
          "До списку увійшли компанії, що допомагають кремлю обходити обмеження."),
    (WAR, "Україна повернула тіла 900 загиблих воїнів\n"
          "Репатріацію провели за участі Координаційного штабу з питань поводження з військовополоненими."),
    (WAR, "Нікополь знову під обстрілом: поранено двох людей\n"
          "Ворог бив з артилерії по місту і сусідніх громадах, повідомив голова ОВА."),
    (WAR, "У Сумах пролунали вибухи\n"
          "Місто атакували ударні безпілотники, пошкоджено об'єкт інфраструктури."),
    # --- Ukrainian: other ----------------------------------------------------------------------------------------
    (OTHER, "Україна обіграла Словаччину і зберегла шанси на плей-оф\n"
            "Збірна забила двічі у другому таймі, вирішальний гол на рахунку півзахисника."),
    (OTHER, "Боксер присвятив перемогу Збройним силам України\n"
            "Після нокауту в п'ятому раунді чемпіон подякував захисникам і вболівальникам."),
    (OTHER, "НБУ підвищив облікову ставку через зростання військових видатків\n"
            "Нацбанк пояснив рішення прискоренням інфляції та тиском на курс гривні."),
    (OTHER, "Ціни на пальне на АЗС зросли ще на дві гривні\n"
            "Найбільше подорожчав дизель, бензин А-95 коштує вже понад 58 гривень за літр."),
    (OTHER, "Синоптики прогнозують сильну спеку до +38 градусів\n"
            "Укргідрометцентр попереджає про пожежну небезпеку та грози на заході."),
    (OTHER, "Українська співачка вийшла у фінал Євробачення\n"
            "Пісня про дім набрала високі бали глядачів і журі."),
    (OTHER, "Полуниця на ринках подешевшала вдвічі\n"
            "Продавці пояснюють зниження цін великим урожаєм."),
    (OTHER, "Цієї неділі Україна переходить на зимовий час\n"
            "Годинники треба перевести на годину назад о четвертій ранку."),
    (OTHER, "Уряд затвердив бюджетну програму пільгових кредитів для фермерів\n"
            "Програма передбачає компенсацію відсотків за кредитами на техніку."),
    (OTHER, "Світоліна виграла турнір у Страсбурзі\n"
            "Тенісистка присвятила титул українським військовим і пообіцяла передати призові."),
    (OTHER, "Фільм про Маріуполь отримав Оскар\n"
            "Режисер на церемонії нагородження говорив про війну та загиблих."),
    (OTHER, "Пенсії проіндексують з першого березня\n"
            "Мінсоцполітики розповіло, на скільки зростуть виплати."),
    (OTHER, "Снігопад паралізував рух на трасах заходу країни\n"
            "Рятувальники витягують вантажівки, ДСНС просить водіїв не виїжджати."),
    (OTHER, "Apple представила новий iPhone\n"
            "Смартфон отримав новий процесор і камеру, продажі стартують у вересні."),
    (OTHER, "Київське Динамо підписало нападника з Бразилії\n"
            "Трансфер обійшовся клубу у п'ять мільйонів євро."),
    (OTHER, "У Києві відкрили виставку сучасного мистецтва\n"
            "Художники представили роботи про пам'ять і дім, музей працюватиме до вечора."),
    (OTHER, "Курс долара на міжбанку оновив максимум\n"
            "Нацбанк продав на ринку рекордну суму валюти."),
    (OTHER, "МОЗ закликає вакцинуватися від грипу\n"
            "Епідемічний поріг перевищено в чотирьох областях."),
    (OTHER, "Шахтар переміг у першому матчі Ліги чемпіонів\n"
            "Гравці присвятили перемогу захисникам України, гру проводили у Гамбурзі."),
    (OTHER, "Помер відомий український поет\n"
            "Письменник був лауреатом Шевченківської премії, прощання відбудеться в Києві."),
    (OTHER, "У Саудівській Аравії затримали десятки принців у справі про корупцію\n"
            "Антикорупційний комітет заморозив рахунки бізнесменів."),
    (OTHER, "Укрзалізниця призначила додаткові поїзди на свята\n"
            "Квитки можна купити в застосунку, ціни не змінилися."),
    (OTHER, "Уряд підвищив мінімальну зарплату\n"
            "Мінімальна зарплата зросте з квітня, повідомив прем'єр-міністр."),
    (OTHER, "Мудрика дискваліфікували на чотири роки\n"
            "Футболіст оскаржує рішення у спортивному арбітражі."),
    (OTHER, "У Львові відкрили новий міст через залізницю\n"
            "Міська рада каже, що рух транспортом на Городоцькій стане швидшим."),
    (OTHER, "Поліція затримала шахраїв, які ошукали пенсіонерів\n"
            "Зловмисники телефонували від імені банку і вимагали коди з СМС."),
    (OTHER, "Українські науковці розшифрували геном рідкісної рослини\n"
            "Дослідження опублікував міжнародний журнал."),
    (OTHER, "ДТП на трасі під Житомиром: зіткнулися автобус і вантажівка\n"
            "Водія вантажівки доправили до лікарні, пасажири автобуса не постраждали."),
    (OTHER, "Ізраїль завдав ударів по сектору Газа\n"
            "Армія заявила про знищення позицій ХАМАС, місцева влада повідомляє про загиблих серед цивільних."),
    (OTHER, "Бойовики хуситів атакували судно в Червоному морі\n"
            "Ракета влучила в контейнеровоз, екіпаж евакуювали."),
    (OTHER, "Азербайджан і Вірменія домовилися про мирну угоду щодо Карабаху\n"
            "Переговори тривали кілька місяців за посередництва США."),
    (OTHER, "Поліція вилучила у жителя Полтави незареєстровану зброю\n"
            "У будинку знайшли пістолет і набої, чоловікові загрожує кримінальна відповідальність."),
    # --- Russian: war --------------------------------------------------------------------------------------------
    (WAR, "ВСУ атаковали дронами НПЗ в Саратове\n"
          "После атаки беспилотников на заводе вспыхнул пожар, сообщил губернатор."),
    (WAR, "Минобороны РФ заявило о взятии села в Донецкой области\n"
          "В ВСУ эти данные опровергли, бои за населенный пункт продолжаются."),
    (WAR, "Путин подписал указ о весеннем призыве\n"
          "В армию призовут 160 тысяч человек, военкоматы уже рассылают повестки."),
    (WAR, "В Белгороде объявлена ракетная опасность\n"
          "Жителей просят спуститься в укрытия, ПВО сбила несколько целей."),
    (WAR, "Россия и Украина провели обмен пленными\n"
          "Домой вернулись по 150 военнопленных с каждой стороны, посредником выступили ОАЭ."),
    (WAR, "ЕС ввел санкции против судов теневого флота\n"
          "Под ограничения попали танкеры, перевозящие российскую нефть в обход потолка цен."),
    (WAR, "Удар по Харькову: погибли два человека\n"
          "Российская армия нанесла удар управляемыми авиабомбами по жилому району."),
    (WAR, "Генштаб ВСУ: противник наступает на Покровском направлении\n"
          "За сутки произошло более 50 боевых столкновений, враг несет потери."),
    (WAR, "В Курской области продолжаются бои\n"
          "Российские войска пытаются выбить украинские подразделения из нескольких сел."),
    (WAR, "Переговоры о прекращении огня зашли в тупик\n"
          "Стороны не договорились о гарантиях безопасности, заявил посредник."),
    (WAR, "Оккупационные власти Крыма национализировали имущество украинцев\n"
          "Речь идет о сотнях квартир и земельных участков на аннексированном полуострове."),
    (WAR, "Мобилизованные жалуются на отсутствие снаряжения\n"
          "Родственники солдат обратились к командованию части."),
    (WAR, "Российские военные обстреляли Никополь из артиллерии\n"
          "Повреждены жилые дома и линия электропередачи, есть раненые."),
    (WAR, "Взрывы на военном аэродроме в Крыму\n"
          "Очевидцы сообщают о детонации боеприпасов, Минобороны РФ молчит."),
    (WAR, "Оборонные заводы России работают в три смены\n"
          "Выпуск ракет и снарядов вырос, предприятия ищут рабочих по всей стране."),
    (WAR, "Уклонистов будут искать по базам данных\n"
          "Закон об электронных повестках вступает в силу, отсрочки пересмотрят."),
    (WAR, "Зеленский встретился с главой НАТО\n"
          "Обсуждались поставки ПВО и вооружения для фронта."),
    (WAR, "Беспилотники атаковали Москву\n"
          "Мэр сообщил, что ПВО сбила дроны на подлете к городу, аэропорты ограничили работу."),
    (WAR, "Пленные рассказали о пытках в российских колониях\n"
          "Освобожденные военнопленные дали показания правозащитникам."),
    (WAR, "ВСУ отошли с позиций у Часова Яра\n"
          "Украинское командование решило отвести подразделения, чтобы избежать окружения."),
    (WAR, "Кремль: спецоперация продолжится до достижения целей\n"
          "Песков прокомментировал заявления о возможных переговорах."),
    # --- Russian: other ------------------------------------------------------------------------------------------
    (OTHER, "ЦБ повысил ключевую ставку до 21% из-за роста военных расходов\n"
            "Банк России объяснил решение инфляцией и дефицитом бюджета."),
    (OTHER, "Сборная Украины по футболу победила Исландию\n"
            "Команда забила победный гол на последних минутах матча."),
    (OTHER, "Цены на бензин в России обновили рекорд\n"
            "На бирже топливо подорожало, АЗС поднимают цены каждую неделю."),
    (OTHER, "Синоптики обещают аномальную жару в Москве\n"
            "Температура воздуха поднимется до +35 градусов, жара продержится неделю."),
    (OTHER, "Усик победил нокаутом и посвятил победу ВСУ\n"
            "Украинский боксер защитил титулы чемпиона мира в тяжелом весе."),
    (OTHER, "Евровидение выиграла певица из Швеции\n"
            "Украинский участник занял третье место, песня получила высокие баллы зрителей."),
    (OTHER, "Яйца в России подорожали на 40% с начала года\n"
            "Росстат фиксирует рост цен на продукты, потребители переходят на дешевые товары."),
    (OTHER, "Нобелевскую премию по литературе присудили писателю из Японии\n"
            "Нобелевский комитет отметил поэтическую прозу лауреата."),
    (OTHER, "В Москве выпал рекордный снег\n"
            "Высота сугробов превысила метр, коммунальщики не справляются со снегопадом."),
    (OTHER, "Путин открыл новую станцию метро\n"
            "Президент осмотрел вестибюль и поговорил со строителями."),
    (OTHER, "Хавбек перешел в итальянский клуб\n"
            "Сумма трансфера составила 30 миллионов евро, игрок подписал контракт на пять лет."),
    (OTHER, "Apple отложила выпуск нового айфона\n"
            "Смартфон выйдет позже из-за проблем с поставками чипов."),
    (OTHER, "Королева Великобритании отметила юбилей\n"
            "Праздник прошел в Букингемском дворце."),
    (OTHER, "Минздрав сообщил о росте заболеваемости гриппом\n"
            "Врачи советуют сделать прививку, вакцина есть в поликлиниках."),
    (OTHER, "Курс рубля упал после решения ЦБ\n"
            "Доллар на бирже подорожал, аналитики ждут дальнейшего ослабления."),
    (OTHER, "В Казахстане прошли выборы президента\n"
            "Действующий глава государства набрал большинство голосов."),
    (OTHER, "Теннисистка вышла в полуфинал Уимблдона\n"
            "В четвертьфинале она обыграла первую ракетку мира в трех сетах."),
    (OTHER, "Пенсии в России проиндексируют на 7,5%\n"
            "Индексация коснется неработающих пенсионеров."),
    (OTHER, "Фильм о войне получил главный приз кинофестиваля\n"
            "Режиссер посвятил награду всем, кто пострадал."),
    (OTHER, "Акции технологических компаний выросли\n"
            "Инвесторы ждут отчетности Nvidia и снижения ставки ФРС."),
    (OTHER, "Переход на зимнее время: когда переводить часы\n"
            "В Европе часы переведут на час назад в последнее воскресенье октября."),
    (OTHER, "В Грузии прошли парламентские выборы\n"
            "Правящая партия заявила о победе, оппозиция требует пересчета голосов."),
    (OTHER, "Суд арестовал бывшего мэра по делу о взятке\n"
            "Следствие считает, что чиновник получил деньги за выделение земли."),
    (OTHER, "Астрономы обнаружили новую экзопланету\n"
            "Планета вращается вокруг красного карлика в 40 световых годах от Земли."),
    (OTHER, "В Новосибирске открыли школу на 1500 учеников\n"
            "Здание построили за два года, в нем есть бассейн и обсерватория."),
    (OTHER, "В Судане продолжаются бои за Хартум\n"
            "Армия и силы быстрого реагирования обстреливают жилые кварталы, гибнут мирные жители."),
    (OTHER, "Израиль и Хезболла обменялись ударами\n"
            "Ракеты запущены по северу Израиля, армия ответила авиаударами по Ливану."),
    (OTHER, "Талибы захватили ещё один район на севере Афганистана\n"
            "Правительственные войска отступили после многодневных боев."),
    (WAR, "В Херсоне после ночного обстрела горят дома\n"
          "Оккупанты били по городу из артиллерии с левого берега Днепра."),
    (OTHER, "Стрельба в торговом центре: погибли три человека\n"
            "Полиция задержала нападавшего, мотивы стрелка выясняются."),
    # --- English: war --------------------------------------------------------------------------------------------
    (WAR, "Drones hit Russian oil refinery, sparking fire\n"
          "Ukrainian drones struck a refinery in the Krasnodar region overnight, the regional governor said."),
    (WAR, "Russian missile strike on Kyiv kills three\n"
          "Air defences shot down most of the missiles, but debris fell on a residential building."),
    (WAR, "Ukraine and Russia swap hundreds of prisoners of war\n"
          "The exchange, mediated by the United Arab Emirates, returned 230 Ukrainian soldiers home."),
    (WAR, "EU adopts new sanctions package against Russia\n"
          "The measures target the shadow fleet of tankers and suppliers of drone components."),
    (WAR, "Russian forces advance near Pokrovsk, analysts say\n"
          "The Institute for the Study of War said Russian troops captured two villages south of the town."),
    (WAR, "Ukraine lowers conscription age to 25\n"
          "Zelensky signed the mobilisation law after months of debate over the army's shortage of infantry."),
    (WAR, "Kremlin says peace talks depend on 'new territorial realities'\n"
          "Peskov said Moscow was open to negotiations but would not withdraw from occupied regions."),
    (WAR, "Shelling of Kherson wounds five civilians\n"
          "Russian artillery hit a market and residential streets, the regional military administration said."),
    (WAR, "Ukraine recaptures village in counteroffensive\n"
          "Ukrainian brigades pushed Russian forces back from positions near Robotyne."),
    (WAR, "US approves new military aid package for Ukraine\n"
          "The Pentagon will send artillery ammunition, HIMARS rockets and air defence interceptors."),
    (WAR, "IAEA warns of nuclear risk at occupied Zaporizhzhia plant\n"
          "Grossi said drone attacks near the reactors must stop."),
    (WAR, "Russia's defence factories run around the clock\n"
          "Output of shells and missiles has tripled since the full-scale invasion, officials say."),
    (WAR, "Occupation authorities deport Ukrainian children to Russia\n"
          "Ukraine's ombudsman said thousands of children were taken from occupied territories."),
    (WAR, "Explosions rock Crimean air base\n"
          "Ukrainian long-range drones targeted aircraft and ammunition depots, military sources said."),
    (WAR, "Russia claims capture of Chasiv Yar, Kyiv denies\n"
          "Ukrainian commanders said fighting continues in the western part of the town."),
    (WAR, "Wagner mercenaries withdraw from Bakhmut\n"
          "Prigozhin said his fighters would hand their positions over to regular army units."),
    (WAR, "Drone attack on Moscow region airport disrupts flights\n"
          "Russia's defence ministry said 30 Ukrainian drones were intercepted overnight."),
    (WAR, "Russian soldiers executed surrendering Ukrainian troops, prosecutors say\n"
          "Ukraine opened a war crimes investigation after a video of the killings appeared."),
    (WAR, "Ukraine's energy grid hit by massive Russian attack\n"
          "Power outages spread across several regions after missiles and drones targeted power plants."),
    (WAR, "Ceasefire proposal: what Kyiv and Moscow demand\n"
          "Security guarantees and the front line are the main sticking points in the negotiations."),
    (WAR, "Black Sea Fleet moves warships out of Sevastopol\n"
          "Ukrainian naval drones have sunk or damaged a third of the fleet."),
    # --- English: other ------------------------------------------------------------------------------------------
    (OTHER, "Ukraine beat Slovakia to keep Euro hopes alive\n"
            "Substitute striker scored the winner in the 80th minute of the group match."),
    (OTHER, "Boxer dedicates title win to Ukraine's army\n"
            "The heavyweight champion thanked soldiers and fans after a ninth-round knockout."),
    (OTHER, "Central bank raises rates as military spending fuels inflation\n"
            "The bank lifted its key rate by two points, citing budget pressure and rising prices."),
    (OTHER, "Fuel prices climb for third week\n"
            "Petrol and diesel at the pump cost more as oil markets tighten, retailers said."),
    (OTHER, "Eurovision: Ukraine's entry finishes third\n"
            "The band's song won the public vote, but Sweden took the trophy."),
    (OTHER, "Heatwave brings record temperatures to Europe\n"
            "Forecasters warned of wildfires as thermometers passed 40 degrees Celsius."),
    (OTHER, "Apple unveils iPhone with new chip\n"
            "The smartphone goes on sale next week, priced from $799."),
    (OTHER, "Han Kang wins Nobel Prize in Literature\n"
            "The Swedish Academy praised the writer's intense poetic prose."),
    (OTHER, "Clocks go back this weekend as winter time begins\n"
            "Daylight saving time ends at 4 a.m. on Sunday."),
    (OTHER, "Saudi crown prince detains princes in corruption purge\n"
            "Dozens of royals and businessmen were held at a luxury hotel."),
    (OTHER, "Government unveils budget programmes for small business\n"
            "The budget includes grants and cheap loans for entrepreneurs."),
    (OTHER, "Queen celebrates platinum jubilee\n"
            "Crowds gathered outside Buckingham Palace for the royal celebration."),
    (OTHER, "Striker completes transfer to Roma\n"
            "The Ukrainian forward signed a five-year contract after a record season in Spain."),
    (OTHER, "Olympics open with river parade in Paris\n"
            "Athletes sailed down the Seine in boats despite the rain."),
    (OTHER, "Strawberry prices fall as harvest peaks\n"
            "Growers say a warm spring brought the crop early, pushing prices down at markets."),
    (OTHER, "OpenAI board ousts chief executive\n"
            "Investors pressed for his return after staff threatened to quit."),
    (OTHER, "Flu season arrives early, doctors warn\n"
            "Hospitals report more cases, and health officials urge vaccination."),
    (OTHER, "Svitolina beats world number one to reach semifinal\n"
            "The Ukrainian, who dedicates her wins to her country, came back from a set down."),
    (OTHER, "Snowstorm grounds flights across the northeast\n"
            "Blizzard conditions and freezing temperatures closed highways."),
    (OTHER, "Film festival honours Ukrainian director\n"
            "The documentary about the war won the audience award at the ceremony."),
    (OTHER, "Stocks rally as inflation cools\n"
            "Investors bet the Fed will cut interest rates, lifting shares of banks."),
    (OTHER, "Train derails in northern Italy, dozens hurt\n"
            "Investigators are examining a signalling fault, the rail operator said."),
    (OTHER, "Scientists map the deepest ocean trench in detail\n"
            "The survey found new species of fish living at extreme pressure."),
    (OTHER, "Dutch voters go to the polls in snap election\n"
            "Polls show a tight race between the centre-right and the greens."),
    (OTHER, "Former mayor charged with bribery\n"
            "Prosecutors say he took payments in exchange for building permits."),
    (OTHER, "Israeli strikes on Gaza kill dozens, health officials say\n"
            "The army said it targeted Hamas fighters and tunnels in the south of the strip."),
    (OTHER, "Russian warplanes pound rebel-held Idlib\n"
            "Syrian opposition groups said a market was hit and civilians were killed."),
    (OTHER, "Sudan's army and paramilitaries agree to ceasefire talks\n"
            "Mediators hope the negotiations in Jeddah will end months of fighting."),
    (OTHER, "North Korea test-fires ballistic missile into the sea\n"
            "Pyongyang's launch came days after joint military drills by Seoul and Washington."),
    (WAR, "Odesa port hit in overnight missile attack\n"
          "Grain silos were destroyed and two port workers were wounded, the regional governor said."),
    (OTHER, "Gunman kills four at Texas shopping mall\n"
            "Police said the attacker used a semi-automatic rifle before officers shot him."),
    (OTHER, "Unexploded WWII bomb defused in Frankfurt\n"
            "Thousands of residents were evacuated while experts disarmed the 500 kg device."),
)
