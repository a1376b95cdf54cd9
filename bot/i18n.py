"""The message catalogue: every string a user reads, in en, uk and ru.

Each key is a message id; `t(lang, key, **fields)` formats it. The table is kept flat so it can be exported
to gettext .po files as-is (msgid = key, msgstr = the translation).
Fields are substituted verbatim: callers escape user data for HTML before passing it in.
"""

from __future__ import annotations

LANGS = ("en", "uk", "ru")
DEFAULT_LANG = "en"

MESSAGES: dict[str, dict[str, str]] = {
    "start": {
        "en": "Hello! I am Frontline Digest: the war in Ukraine condensed into short, sourced digests.\n"
        "/subscribe — digests at 08:00 and 20:00 (Kyiv time) or at times you choose\n"
        "/digest — the digest now\n/summary &lt;topic or place&gt; — what the sources say about it\n"
        "/front — how the front line moved\n/sources — the sources and their health\n/help — all commands",
        "uk": "Вітаю! Я Frontline Digest: війна в Україні у коротких дайджестах з джерелами.\n"
        "/subscribe — дайджести о 08:00 і 20:00 (за Києвом) або у ваш час\n"
        "/digest — дайджест зараз\n/summary &lt;тема або місце&gt; — що про це пишуть джерела\n"
        "/front — як змінилася лінія фронту\n/sources — джерела та їхній стан\n/help — усі команди",
        "ru": "Здравствуйте! Я Frontline Digest: война в Украине в коротких дайджестах с источниками.\n"
        "/subscribe — дайджесты в 08:00 и 20:00 (по Киеву) или в ваше время\n"
        "/digest — дайджест сейчас\n/summary &lt;тема или место&gt; — что об этом пишут источники\n"
        "/front — как изменилась линия фронта\n/sources — источники и их состояние\n/help — все команды",
    },
    "help": {
        "en": "<b>Commands</b>\n"
        "/subscribe [HH:MM ...] — digests at these times (default 08:00 20:00, Europe/Kyiv)\n"
        "/unsubscribe — stop scheduled digests\n"
        "/digest [period] — the digest now, e.g. /digest 6h (default: since the last one, at most 24h)\n"
        "/summary &lt;topic or place&gt; [period] — e.g. /summary Kursk 48h\n"
        "/front [today|week|month|YYYY-MM] — front-line changes\n"
        "/sources — the sources and their health\n"
        "/settings — language, time zone, front alerts, war news only or everything, languages you read\n"
        "/filter only &lt;places&gt; | hide &lt;places&gt; | clear — which stories your digests keep",
        "uk": "<b>Команди</b>\n"
        "/subscribe [ГГ:ХХ ...] — дайджести в цей час (типово 08:00 20:00, Київ)\n"
        "/unsubscribe — зупинити дайджести за розкладом\n"
        "/digest [період] — дайджест зараз, напр. /digest 6h (типово: від останнього, не більше 24 год)\n"
        "/summary &lt;тема або місце&gt; [період] — напр. /summary Курськ 48h\n"
        "/front [today|week|month|РРРР-ММ] — зміни лінії фронту\n"
        "/sources — джерела та їхній стан\n"
        "/settings — мова, часовий пояс, сповіщення про фронт, лише про війну чи всі новини, мови читання\n"
        "/filter only &lt;місця&gt; | hide &lt;місця&gt; | clear — які історії лишати в дайджестах",
        "ru": "<b>Команды</b>\n"
        "/subscribe [ЧЧ:ММ ...] — дайджесты в это время (по умолчанию 08:00 20:00, Киев)\n"
        "/unsubscribe — остановить дайджесты по расписанию\n"
        "/digest [период] — дайджест сейчас, напр. /digest 6h (по умолчанию: с последнего, не более 24 ч)\n"
        "/summary &lt;тема или место&gt; [период] — напр. /summary Курск 48h\n"
        "/front [today|week|month|ГГГГ-ММ] — изменения линии фронта\n"
        "/sources — источники и их состояние\n"
        "/settings — язык, часовой пояс, уведомления о фронте, только о войне или все новости, языки чтения\n"
        "/filter only &lt;места&gt; | hide &lt;места&gt; | clear — какие истории оставлять в дайджестах",
    },
    "subscribed": {
        "en": "Subscribed: digests at {times} ({tz}).",
        "uk": "Підписку оформлено: дайджести о {times} ({tz}).",
        "ru": "Подписка оформлена: дайджесты в {times} ({tz}).",
    },
    "subscribed_channel": {
        "en": "Subscribed {channel}: digests at {times} ({tz}).",
        "uk": "Канал {channel} підписано: дайджести о {times} ({tz}).",
        "ru": "Канал {channel} подписан: дайджесты в {times} ({tz}).",
    },
    "unsubscribed_channel": {
        "en": "Unsubscribed {channel}.",
        "uk": "Підписку каналу {channel} скасовано.",
        "ru": "Подписка канала {channel} отменена.",
    },
    "channel_not_found": {
        "en": "I can't find that channel. Use its public @name, e.g. /subscribe @mychannel 08:00.",
        "uk": "Не знаходжу цей канал. Вкажіть його публічне @ім'я, напр. /subscribe @mychannel 08:00.",
        "ru": "Не нахожу этот канал. Укажите его публичное @имя, напр. /subscribe @mychannel 08:00.",
    },
    "channel_bot_not_admin": {
        "en": "First make me an administrator of the channel with the right to post, then try again.",
        "uk": "Спершу зробіть мене адміністратором каналу з правом публікувати, тоді спробуйте знову.",
        "ru": "Сначала сделайте меня администратором канала с правом публиковать, затем попробуйте снова.",
    },
    "channel_user_not_admin": {
        "en": "Only the channel's administrators can subscribe it.",
        "uk": "Підписати канал можуть лише його адміністратори.",
        "ru": "Подписать канал могут только его администраторы.",
    },
    "subscribe_usage": {
        "en": "Use /subscribe HH:MM [HH:MM ...], e.g. /subscribe 07:30 19:00 (up to {max} times a day).",
        "uk": "Формат: /subscribe ГГ:ХХ [ГГ:ХХ ...], напр. /subscribe 07:30 19:00 (до {max} разів на день).",
        "ru": "Формат: /subscribe ЧЧ:ММ [ЧЧ:ММ ...], напр. /subscribe 07:30 19:00 (до {max} раз в день).",
    },
    "unsubscribed": {
        "en": "Unsubscribed. Scheduled digests are off; /subscribe turns them back on.",
        "uk": "Підписку скасовано. /subscribe знову її ввімкне.",
        "ru": "Подписка отменена. /subscribe снова её включит.",
    },
    "not_subscribed": {
        "en": "This chat has no subscription.",
        "uk": "У цьому чаті немає підписки.",
        "ru": "В этом чате нет подписки.",
    },
    "period_usage": {
        "en": "The period is a number of hours or days, e.g. 6h, 24h or 2d (at most {max_days}d).",
        "uk": "Період — кількість годин або днів, напр. 6h, 24h або 2d (не більше {max_days}d).",
        "ru": "Период — число часов или дней, напр. 6h, 24h или 2d (не более {max_days}d).",
    },
    "summary_usage": {
        "en": "Use /summary &lt;topic or place&gt; [period], e.g. /summary Kursk or /summary Pokrovsk 48h.",
        "uk": "Формат: /summary &lt;тема або місце&gt; [період], напр. /summary Курськ або /summary Покровськ 48h.",
        "ru": "Формат: /summary &lt;тема или место&gt; [период], напр. /summary Курск или /summary Покровск 48h.",
    },
    "summary_title": {
        "en": "What the sources say about “{topic}”",
        "uk": "Що пишуть джерела про «{topic}»",
        "ru": "Что пишут источники о «{topic}»",
    },
    "summary_empty": {
        "en": "Nothing about “{topic}” in the collected news of this period.",
        "uk": "Про «{topic}» у зібраних новинах за цей період нічого немає.",
        "ru": "О «{topic}» в собранных новостях за этот период ничего нет.",
    },
    "digest_title": {
        "en": "Frontline Digest · {date}",
        "uk": "Frontline Digest · {date}",
        "ru": "Frontline Digest · {date}",
    },
    "digest_period": {
        "en": "News from {since} to {until} ({tz})",
        "uk": "Новини з {since} до {until} ({tz})",
        "ru": "Новости с {since} до {until} ({tz})",
    },
    "digest_no_war_news": {
        "en": "No new war news since the last digest. "
        "The 📰 button in /settings shows everything from your sources.",
        "uk": "Нових новин про війну від останнього дайджесту немає. "
        "Кнопка 📰 у /settings показує все з ваших джерел.",
        "ru": "Новых новостей о войне с прошлого дайджеста нет. "
        "Кнопка 📰 в /settings показывает всё из ваших источников.",
    },
    "digest_empty": {
        "en": "No new stories since the last digest.",
        "uk": "Нових історій від останнього дайджесту немає.",
        "ru": "Новых историй с прошлого дайджеста нет.",
    },
    "sources_count": {
        "en": "{n} sources",
        "uk": "джерел: {n}",
        "ru": "источников: {n}",
    },
    "sources_title": {
        "en": "<b>Sources</b>",
        "uk": "<b>Джерела</b>",
        "ru": "<b>Источники</b>",
    },
    "source_ok": {
        "en": "ok, last update {ago} ago, {articles} articles",
        "uk": "працює, оновлено {ago} тому, статей: {articles}",
        "ru": "работает, обновлено {ago} назад, статей: {articles}",
    },
    "source_failing": {
        "en": "failing ({failures}× in a row): {error}",
        "uk": "помилка ({failures}× поспіль): {error}",
        "ru": "ошибка ({failures}× подряд): {error}",
    },
    "source_never": {
        "en": "not collected yet",
        "uk": "ще не зібрано",
        "ru": "ещё не собрано",
    },
    "rate_limited": {
        "en": "Too many requests: try again in {seconds} s.",
        "uk": "Забагато запитів: спробуйте за {seconds} с.",
        "ru": "Слишком много запросов: попробуйте через {seconds} с.",
    },
    "admins_only": {
        "en": "Only the chat's administrators can change its subscription.",
        "uk": "Змінювати підписку чату можуть лише його адміністратори.",
        "ru": "Менять подписку чата могут только его администраторы.",
    },
    "settings": {
        "en": "<b>Settings</b>\nLanguage: {language}\nTime zone: {tz}\nLanguages I read: {reads}\n"
        "Choose below, or send /settings &lt;IANA zone&gt;, e.g. /settings Europe/Vienna. "
        "Front alerts post the map when a new one shows a change of at least 5 km². "
        "Digests carry news about the war only, or everything your sources publish (the 📰 button). "
        "Stories in none of the languages you read (the ☑ buttons) go to one line at the end of a digest.",
        "uk": "<b>Налаштування</b>\nМова: {language}\nЧасовий пояс: {tz}\nМови, якими я читаю: {reads}\n"
        "Оберіть нижче або надішліть /settings &lt;пояс IANA&gt;, напр. /settings Europe/Vienna. "
        "Сповіщення про фронт надсилають мапу, коли нова показує зміну щонайменше на 5 км². "
        "Дайджести містять лише новини про війну або все, що публікують ваші джерела (кнопка 📰). "
        "Історії мовами, якими ви не читаєте (кнопки ☑), потрапляють в один рядок наприкінці дайджесту.",
        "ru": "<b>Настройки</b>\nЯзык: {language}\nЧасовой пояс: {tz}\nЯзыки, на которых я читаю: {reads}\n"
        "Выберите ниже или отправьте /settings &lt;пояс IANA&gt;, напр. /settings Europe/Vienna. "
        "Уведомления о фронте присылают карту, когда новая показывает изменение не менее 5 км². "
        "Дайджесты содержат только новости о войне или всё, что публикуют ваши источники (кнопка 📰). "
        "Истории на языках, которых вы не читаете (кнопки ☑), попадают в одну строку в конце дайджеста.",
    },
    "front_alerts_on": {
        "en": "🔔 Front alerts: on",
        "uk": "🔔 Сповіщення про фронт: увімк.",
        "ru": "🔔 Уведомления о фронте: вкл.",
    },
    "front_alerts_off": {
        "en": "🔕 Front alerts: off",
        "uk": "🔕 Сповіщення про фронт: вимк.",
        "ru": "🔕 Уведомления о фронте: выкл.",
    },
    "news_war": {
        "en": "📰 News: war only",
        "uk": "📰 Новини: лише про війну",
        "ru": "📰 Новости: только о войне",
    },
    "news_all": {
        "en": "📰 News: everything from the sources",
        "uk": "📰 Новини: усе з джерел",
        "ru": "📰 Новости: всё из источников",
    },
    # Languages by name: the "languages I read" buttons and /settings, the "in other languages" line.
    "lang_uk": {"en": "Ukrainian", "uk": "українська", "ru": "украинский"},
    "lang_ru": {"en": "Russian", "uk": "російська", "ru": "русский"},
    "lang_en": {"en": "English", "uk": "англійська", "ru": "английский"},
    "lang_other": {"en": "other", "uk": "інші", "ru": "другие"},
    # A story shown as written in another language, or machine-translated: a mark after its headline.
    "story_in_uk": {"en": "in Ukrainian", "uk": "українською", "ru": "на украинском"},
    "story_in_ru": {"en": "in Russian", "uk": "російською", "ru": "на русском"},
    "story_in_en": {"en": "in English", "uk": "англійською", "ru": "на английском"},
    "story_in_other": {"en": "in another language", "uk": "іншою мовою", "ru": "на другом языке"},
    "story_from_uk": {"en": "translated from Ukrainian", "uk": "переклад з української", "ru": "перевод с украинского"},
    "story_from_ru": {"en": "translated from Russian", "uk": "переклад з російської", "ru": "перевод с русского"},
    "story_from_en": {"en": "translated from English", "uk": "переклад з англійської", "ru": "перевод с английского"},
    "story_from_other": {"en": "machine-translated", "uk": "машинний переклад", "ru": "машинный перевод"},
    "digest_other_langs": {
        "en": "Also in other languages ({langs}):",
        "uk": "Також іншими мовами ({langs}):",
        "ru": "Также на других языках ({langs}):",
    },
    "digest_only_other_langs": {
        "en": "No stories in the languages you read (the ☑ buttons in /settings).",
        "uk": "Історій мовами, якими ви читаєте, немає (кнопки ☑ у /settings).",
        "ru": "Историй на языках, которые вы читаете, нет (кнопки ☑ в /settings).",
    },
    "reads_keep_one": {
        "en": "Keep at least one language to read.",
        "uk": "Залиште хоча б одну мову для читання.",
        "ru": "Оставьте хотя бы один язык для чтения.",
    },
    "settings_usage": {
        "en": "Unknown time zone. Use an IANA name, e.g. /settings Europe/Kyiv.",
        "uk": "Невідомий часовий пояс. Вкажіть назву IANA, напр. /settings Europe/Kyiv.",
        "ru": "Неизвестный часовой пояс. Укажите имя IANA, напр. /settings Europe/Kyiv.",
    },
    "admin_only_command": {
        "en": "This command is for the bot's operators.",
        "uk": "Ця команда — для операторів бота.",
        "ru": "Эта команда — для операторов бота.",
    },
    "collected": {
        "en": "Collected {sources} sources: {new} new articles, {failed} failed.",
        "uk": "Зібрано джерел: {sources}; нових статей: {new}; з помилкою: {failed}.",
        "ru": "Собрано источников: {sources}; новых статей: {new}; с ошибкой: {failed}.",
    },
    "filter_status": {
        "en": "<b>Story filters</b>\nOnly stories about: {include}\nHidden: {exclude}\n"
        "/filter only Kursk, Pokrovsk — only these places or topics\n/filter hide Belgorod — never these\n"
        "/filter clear — everything again",
        "uk": "<b>Фільтри історій</b>\nЛише про: {include}\nПриховано: {exclude}\n"
        "/filter only Курськ, Покровськ — лише ці місця чи теми\n/filter hide Бєлгород — ніколи ці\n"
        "/filter clear — знову все",
        "ru": "<b>Фильтры историй</b>\nТолько о: {include}\nСкрыто: {exclude}\n"
        "/filter only Курск, Покровск — только эти места или темы\n/filter hide Белгород — никогда эти\n"
        "/filter clear — снова всё",
    },
    "filter_usage": {
        "en": "Use /filter only &lt;places or topics, comma-separated&gt;, /filter hide &lt;...&gt; or /filter clear "
        "(up to {max} terms of {chars} characters).",
        "uk": "Формат: /filter only &lt;місця чи теми через кому&gt;, /filter hide &lt;...&gt; або /filter clear "
        "(до {max} слів, по {chars} символів).",
        "ru": "Формат: /filter only &lt;места или темы через запятую&gt;, /filter hide &lt;...&gt; или /filter clear "
        "(до {max} слов, по {chars} символов).",
    },
    "filter_conflict": {
        "en": "These filters contradict each other: only “{kept}” and hide “{hidden}”, so stories about “{kept}” "
        "could never show. Your filters are unchanged: change one of them, or send /filter clear.",
        "uk": "Ці фільтри суперечать один одному: only «{kept}» і hide «{hidden}», тож історії про «{kept}» "
        "ніколи не з'являться. Фільтри не змінено: змініть один із них або надішліть /filter clear.",
        "ru": "Эти фильтры противоречат друг другу: only «{kept}» и hide «{hidden}», поэтому истории о «{kept}» "
        "никогда не появятся. Фильтры не изменены: измените один из них или отправьте /filter clear.",
    },
    "topic_no_words": {
        "en": "“{topic}” has no word to search for: name a place or a topic, e.g. {command} Kursk.",
        "uk": "У «{topic}» немає жодного слова для пошуку: назвіть місце чи тему, напр. {command} Курськ.",
        "ru": "В «{topic}» нет ни одного слова для поиска: назовите место или тему, напр. {command} Курск.",
    },
    "filter_only_part": {
        "en": "only: {terms}",
        "uk": "лише: {terms}",
        "ru": "только: {terms}",
    },
    "filter_hide_part": {
        "en": "hidden: {terms}",
        "uk": "приховано: {terms}",
        "ru": "скрыто: {terms}",
    },
    "digest_filtered_empty": {
        "en": "No story matched your filter ({filters}). /filter clear shows everything.",
        "uk": "Жодна історія не пройшла ваш фільтр ({filters}). /filter clear покаже все.",
        "ru": "Ни одна история не прошла ваш фильтр ({filters}). /filter clear покажет всё.",
    },
    "button_stale": {
        "en": "This button no longer works: send /settings again.",
        "uk": "Ця кнопка більше не діє: надішліть /settings ще раз.",
        "ru": "Эта кнопка больше не работает: отправьте /settings ещё раз.",
    },
    "nothing": {"en": "—", "uk": "—", "ru": "—"},
    "retried": {
        "en": "{count} parked parts are queued again.",
        "uk": "Відкладених частин знову в черзі: {count}.",
        "ru": "Отложенных частей снова в очереди: {count}.",
    },
    "unknown_command": {
        "en": "I don't know this command. /help lists what I can do.",
        "uk": "Не знаю такої команди. /help покаже, що я вмію.",
        "ru": "Не знаю такой команды. /help покажет, что я умею.",
    },
    "months_genitive": {  # comma-separated, January first: the month as it stands in a date ("3 March")
        "en": "January,February,March,April,May,June,July,August,September,October,November,December",
        "uk": "січня,лютого,березня,квітня,травня,червня,липня,серпня,вересня,жовтня,листопада,грудня",
        "ru": "января,февраля,марта,апреля,мая,июня,июля,августа,сентября,октября,ноября,декабря",
    },
    "date_long": {
        "en": "{day} {month} {year}",
        "uk": "{day} {month} {year}",
        "ru": "{day} {month} {year}",
    },
    "story_more_sources": {
        "en": "+{n} more",
        "uk": "ще {n}",
        "ru": "ещё {n}",
    },
    "error": {
        "en": "Something went wrong on our side; the operator has been told. Please try again later.",
        "uk": "Щось пішло не так з нашого боку; оператора повідомлено. Спробуйте пізніше.",
        "ru": "Что-то пошло не так с нашей стороны; оператор уведомлён. Попробуйте позже.",
    },
    # Front-line reports (bot.front.service): plain text, escaped by the caller.
    "front_no_data": {
        "en": "No front-line map has been fetched yet; the first one arrives within the hour. Source: DeepStateMAP",
        "uk": "Мапу лінії фронту ще не отримано; перша з'явиться протягом години. Джерело: DeepStateMAP",
        "ru": "Карта линии фронта ещё не получена; первая появится в течение часа. Источник: DeepStateMAP",
    },
    "front_one_map": {
        "en": "Only one map so far ({date}): occupied {total} km² ({share}% of Ukraine). "
        "Changes need a second map.",
        "uk": "Поки що лише одна мапа ({date}): окуповано {total} км² ({share}% України). "
        "Для змін потрібна друга мапа.",
        "ru": "Пока только одна карта ({date}): оккупировано {total} км² ({share}% Украины). "
        "Для изменений нужна вторая карта.",
    },
    "front_no_month": {
        "en": "No map of {month} is stored.",
        "uk": "Мап за {month} немає.",
        "ru": "Карт за {month} нет.",
    },
    "front_stale": {
        "en": "The map could not be updated for {span}: these are the last good numbers.",
        "uk": "Мапу не вдається оновити вже {span}: це останні наявні дані.",
        "ru": "Карту не удаётся обновить уже {span}: это последние имеющиеся данные.",
    },
    "front_period_bad": {
        "en": "Unknown period “{period}”. Use /front today, week, month or a month as YYYY-MM, e.g. /front 2025-07.",
        "uk": "Невідомий період «{period}». Формат: /front today, week, month або місяць РРРР-ММ, "
        "напр. /front 2025-07.",
        "ru": "Неизвестный период «{period}». Формат: /front today, week, month или месяц ГГГГ-ММ, "
        "напр. /front 2025-07.",
    },
    "front_period_future": {
        "en": "{period} is still ahead: choose a month up to the current one.",
        "uk": "{period} ще не настав: оберіть місяць не пізніше поточного.",
        "ru": "{period} ещё не наступил: выберите месяц не позже текущего.",
    },
    "front_digest_change": {
        "en": "Front line since {since}: Russia gained {ru} km², Ukraine {ua} km²; occupied {total} km² ({share}%).",
        "uk": "Фронт від {since}: Росія здобула {ru} км², Україна — {ua} км²; окуповано {total} км² ({share}%).",
        "ru": "Фронт с {since}: Россия заняла {ru} км², Украина — {ua} км²; оккупировано {total} км² ({share}%).",
    },
    "front_digest_places": {
        "en": "Changed hands: {items}.",
        "uk": "Змінили контроль: {items}.",
        "ru": "Сменили контроль: {items}.",
    },
    "front_digest_source": {
        "en": "Source: DeepStateMAP, map of {when} UTC.",
        "uk": "Джерело: DeepStateMAP, мапа станом на {when} UTC.",
        "ru": "Источник: DeepStateMAP, карта на {when} UTC.",
    },
    "claims_line": {
        "en": "DeepState map as of {when}: {items}.",
        "uk": "Мапа DeepState станом на {when}: {items}.",
        "ru": "Карта DeepState на {when}: {items}.",
    },
    "claim_on_map": {
        "en": "{place} — confirmed",
        "uk": "{place} — підтверджено",
        "ru": "{place} — подтверждено",
    },
    "claim_not_yet": {
        "en": "{place} — not confirmed yet",
        "uk": "{place} — ще не підтверджено",
        "ru": "{place} — пока не подтверждено",
    },
    "claim_contradicted": {
        "en": "{place} — contradicted, the map moved the other way",
        "uk": "{place} — мапа показує протилежне",
        "ru": "{place} — карта показывает обратное",
    },
    "front_alert": {
        "en": "New front-line map: {km2} km² changed control.",
        "uk": "Нова мапа фронту: змінився контроль над {km2} км².",
        "ru": "Новая карта фронта: сменился контроль над {km2} км².",
    },
}


def normalize_lang(code: str | None) -> str:
    """Telegram's language_code ("uk", "ru-RU", "en-GB", None) -> one of LANGS."""
    base = (code or "").split("-")[0].lower()
    return base if base in LANGS else DEFAULT_LANG


def lang_key(prefix: str, code: str) -> str:
    """The catalogue key of a language-named message ("story_in_ru"); "other" for a language not in LANGS."""
    return f"{prefix}_{code if code in LANGS else 'other'}"


def t(lang: str, key: str, **fields: object) -> str:
    entry = MESSAGES[key]
    text = entry.get(lang) or entry[DEFAULT_LANG]
    return text.format(**fields) if fields else text
