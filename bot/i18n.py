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
        "/sources — choose this chat's sources (health shown); /add &lt;URL or @channel&gt;, /remove, "
        "/import (an OPML file), /export\n"
        "/settings — language, time zone, front alerts, war news only or everything, languages you read\n"
        "/filter only &lt;places&gt; | hide &lt;places&gt; | clear — which stories your digests keep\n"
        "/privacy — what I store about this chat; /forget — delete it",
        "uk": "<b>Команди</b>\n"
        "/subscribe [ГГ:ХХ ...] — дайджести в цей час (типово 08:00 20:00, Київ)\n"
        "/unsubscribe — зупинити дайджести за розкладом\n"
        "/digest [період] — дайджест зараз, напр. /digest 6h (типово: від останнього, не більше 24 год)\n"
        "/summary &lt;тема або місце&gt; [період] — напр. /summary Курськ 48h\n"
        "/front [today|week|month|РРРР-ММ] — зміни лінії фронту\n"
        "/sources — вибір джерел чату (з їхнім станом); /add &lt;адреса або @канал&gt;, /remove, "
        "/import (файл OPML), /export\n"
        "/settings — мова, часовий пояс, сповіщення про фронт, лише про війну чи всі новини, мови читання\n"
        "/filter тільки &lt;місця&gt; | сховати &lt;місця&gt; | очистити — які історії лишати в дайджестах\n"
        "/privacy — що я зберігаю про цей чат; /forget — видалити це",
        "ru": "<b>Команды</b>\n"
        "/subscribe [ЧЧ:ММ ...] — дайджесты в это время (по умолчанию 08:00 20:00, Киев)\n"
        "/unsubscribe — остановить дайджесты по расписанию\n"
        "/digest [период] — дайджест сейчас, напр. /digest 6h (по умолчанию: с последнего, не более 24 ч)\n"
        "/summary &lt;тема или место&gt; [период] — напр. /summary Курск 48h\n"
        "/front [today|week|month|ГГГГ-ММ] — изменения линии фронта\n"
        "/sources — выбор источников чата (с их состоянием); /add &lt;адрес или @канал&gt;, /remove, "
        "/import (файл OPML), /export\n"
        "/settings — язык, часовой пояс, уведомления о фронте, только о войне или все новости, языки чтения\n"
        "/filter только &lt;места&gt; | скрыть &lt;места&gt; | очистить — какие истории оставлять в дайджестах\n"
        "/privacy — что я храню об этом чате; /forget — удалить это",
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
        "en": "Only the channel's administrators can do that for it.",
        "uk": "Це можуть зробити для каналу лише його адміністратори.",
        "ru": "Это могут сделать для канала только его администраторы.",
    },
    "forget_channel_not_found": {
        "en": "I can't find that channel, or Telegram won't tell me who administers it. Use its public @name; if "
        "you removed me from it, add me back as an administrator and send /forget @channel again.",
        "uk": "Не знаходжу цей канал, або Телеграм не каже мені, хто ним адмініструє. Вкажіть його публічне @ім'я; "
        "якщо ви видалили мене з каналу, знову додайте мене адміністратором і надішліть /forget @канал ще раз.",
        "ru": "Не нахожу этот канал, или Телеграм не говорит мне, кто его администрирует. Укажите его публичное "
        "@имя; если вы удалили меня из канала, снова добавьте меня администратором и отправьте /forget @канал "
        "ещё раз.",
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
    "admins_only_settings": {
        "en": "Only the chat's administrators can change its settings.",
        "uk": "Змінювати налаштування чату можуть лише його адміністратори.",
        "ru": "Менять настройки чата могут только его администраторы.",
    },
    "admins_only_filter": {
        "en": "Only the chat's administrators can change its story filters.",
        "uk": "Змінювати фільтри історій чату можуть лише його адміністратори.",
        "ru": "Менять фильтры историй чата могут только его администраторы.",
    },
    "admins_only_forget": {
        "en": "Only the chat's administrators can delete its data.",
        "uk": "Видалити дані чату можуть лише його адміністратори.",
        "ru": "Удалить данные чата могут только его администраторы.",
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
        "/filter тільки Курськ, Покровськ — лише ці місця чи теми\n/filter сховати Бєлгород — ніколи ці\n"
        "/filter очистити — знову все",
        "ru": "<b>Фильтры историй</b>\nТолько о: {include}\nСкрыто: {exclude}\n"
        "/filter только Курск, Покровск — только эти места или темы\n/filter скрыть Белгород — никогда эти\n"
        "/filter очистить — снова всё",
    },
    "filter_usage": {
        "en": "Use /filter only &lt;places or topics, comma-separated&gt;, /filter hide &lt;...&gt; or /filter clear "
        "(up to {max} terms of {chars} characters).",
        "uk": "Формат: /filter тільки &lt;місця чи теми через кому&gt;, /filter сховати &lt;...&gt; "
        "або /filter очистити (до {max} слів, по {chars} символів).",
        "ru": "Формат: /filter только &lt;места или темы через запятую&gt;, /filter скрыть &lt;...&gt; "
        "или /filter очистить (до {max} слов, по {chars} символов).",
    },
    "filter_conflict": {
        "en": "These filters contradict each other: only “{kept}” and hide “{hidden}”, so stories about “{kept}” "
        "could never show. Your filters are unchanged: change one of them, or send /filter clear.",
        "uk": "Ці фільтри суперечать один одному: тільки «{kept}» і сховати «{hidden}», тож історії про «{kept}» "
        "ніколи не з'являться. Фільтри не змінено: змініть один із них або надішліть /filter очистити.",
        "ru": "Эти фильтры противоречат друг другу: только «{kept}» и скрыть «{hidden}», поэтому истории о «{kept}» "
        "никогда не появятся. Фильтры не изменены: измените один из них или отправьте /filter очистить.",
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
        "uk": "Жодна історія не пройшла ваш фільтр ({filters}). /filter очистити покаже все.",
        "ru": "Ни одна история не прошла ваш фильтр ({filters}). /filter очистить покажет всё.",
    },
    "button_stale": {
        "en": "This button no longer works: send /settings again.",
        "uk": "Ця кнопка більше не діє: надішліть /settings ще раз.",
        "ru": "Эта кнопка больше не работает: отправьте /settings ещё раз.",
    },
    "filter_word_only": {"en": "only", "uk": "тільки", "ru": "только"},
    "filter_word_hide": {"en": "hide", "uk": "сховати", "ru": "скрыть"},
    "subscribed_topic": {
        "en": "Subscribed: digests at {times} ({tz}), in this topic.",
        "uk": "Підписку оформлено: дайджести о {times} ({tz}) у цій темі.",
        "ru": "Подписка оформлена: дайджесты в {times} ({tz}) в этой теме.",
    },
    # Deep links (t.me/<bot>?startgroup=..., ?startchannel&admin=...): shown by /start and /help.
    "add_links": {
        "en": '➕ <a href="{group}">Add me to a group</a> · <a href="{channel}">to a channel</a>',
        "uk": '➕ <a href="{group}">Додати мене до групи</a> · <a href="{channel}">до каналу</a>',
        "ru": '➕ <a href="{group}">Добавить меня в группу</a> · <a href="{channel}">в канал</a>',
    },
    "group_welcome": {
        "en": "Hello! I post short, sourced digests about the war in Ukraine. An administrator subscribes this chat "
        "with /subscribe (in a topic of a forum, digests go to that topic); /help lists all commands.",
        "uk": "Вітаю! Я надсилаю короткі дайджести з джерелами про війну в Україні. Адміністратор підписує цей чат "
        "командою /subscribe (у темі форуму дайджести надходитимуть у цю тему); /help — усі команди.",
        "ru": "Здравствуйте! Я присылаю короткие дайджесты с источниками о войне в Украине. Администратор "
        "подписывает этот чат командой /subscribe (в теме форума дайджесты будут приходить в эту тему); "
        "/help — все команды.",
    },
    "topic_gone": {
        "en": "To the administrators: the topic where I posted digests was deleted, so they now come here. "
        "Send /subscribe in another topic to move them there.",
        "uk": "Адміністраторам: тему, куди я надсилав дайджести, видалено, тож тепер вони надходять сюди. "
        "Надішліть /subscribe в іншій темі, щоб перенести їх туди.",
        "ru": "Администраторам: тема, куда я присылал дайджесты, удалена, поэтому теперь они приходят сюда. "
        "Отправьте /subscribe в другой теме, чтобы перенести их туда.",
    },
    "privacy": {
        "en": "<b>What I store about this chat</b>\n"
        "• its id, type and title: to know where to post and to show it in my answers;\n"
        "• its language, time zone and the languages it reads (/settings): to write the digests for it;\n"
        "• its subscription times, forum topic, front alerts and story filters: to send the digests it asked for;\n"
        "• the catalogue sources it turned off and the feeds and channels it added (/sources, /add): to build "
        "its digests from them;\n"
        "• the digests sent to it, with their text, and when it last got one: to send each part "
        "exactly once and to start the next digest where the last one ended.\n"
        "I store no messages of yours and nothing about the members, except the user id of whoever sends a "
        "command, for a minute, to limit requests.\n/forget deletes all of it (/forget @channel, a channel's).",
        "uk": "<b>Що я зберігаю про цей чат</b>\n"
        "• його ідентифікатор, тип і назву: щоб знати, куди надсилати, і згадувати його у відповідях;\n"
        "• його мову, часовий пояс і мови читання (/settings): щоб складати для нього дайджести;\n"
        "• час підписки, тему форуму, сповіщення про фронт і фільтри історій: щоб надсилати замовлені "
        "дайджести;\n"
        "• вимкнені ним джерела каталогу й додані ним стрічки та канали (/sources, /add): щоб складати "
        "дайджести з них;\n"
        "• надіслані йому дайджести з їхнім текстом і час останнього: щоб кожну частину "
        "надіслати рівно один раз і почати наступний дайджест там, де закінчився попередній.\n"
        "Я не зберігаю ваших повідомлень і нічого про учасників, окрім ідентифікатора того, хто надіслав "
        "команду, — на хвилину, щоб обмежувати кількість запитів.\n"
        "/forget видаляє все це (/forget @канал — дані каналу).",
        "ru": "<b>Что я храню об этом чате</b>\n"
        "• его идентификатор, тип и название: чтобы знать, куда отправлять, и упоминать его в ответах;\n"
        "• его язык, часовой пояс и языки чтения (/settings): чтобы составлять для него дайджесты;\n"
        "• время подписки, тему форума, уведомления о фронте и фильтры историй: чтобы присылать заказанные "
        "дайджесты;\n"
        "• выключенные им источники каталога и добавленные им ленты и каналы (/sources, /add): чтобы составлять "
        "дайджесты из них;\n"
        "• отправленные ему дайджесты с их текстом и время последнего: чтобы каждую часть "
        "отправить ровно один раз и начать следующий дайджест там, где закончился предыдущий.\n"
        "Я не храню ваших сообщений и ничего об участниках, кроме идентификатора того, кто отправил команду, — "
        "на минуту, чтобы ограничивать число запросов.\n/forget удаляет всё это (/forget @канал — данные канала).",
    },
    "forget_confirm": {
        "en": "Delete everything I store about this chat: its subscription, settings, filters, sources and the "
        "digests not yet sent? This cannot be undone.",
        "uk": "Видалити все, що я зберігаю про цей чат: підписку, налаштування, фільтри, джерела й ще не "
        "надіслані дайджести? Цього не можна скасувати.",
        "ru": "Удалить всё, что я храню об этом чате: подписку, настройки, фильтры, источники и ещё не "
        "отправленные дайджесты? Это нельзя отменить.",
    },
    "forget_confirm_channel": {
        "en": "Delete everything I store about the channel {channel}: its subscription, settings, filters, sources "
        "and the digests not yet sent? This cannot be undone.",
        "uk": "Видалити все, що я зберігаю про канал {channel}: підписку, налаштування, фільтри, джерела й ще не "
        "надіслані дайджести? Цього не можна скасувати.",
        "ru": "Удалить всё, что я храню о канале {channel}: подписку, настройки, фильтры, источники и ещё не "
        "отправленные дайджесты? Это нельзя отменить.",
    },
    "forget_yes": {"en": "🗑 Delete", "uk": "🗑 Видалити", "ru": "🗑 Удалить"},
    "forget_no": {"en": "Keep", "uk": "Залишити", "ru": "Оставить"},
    "forgotten": {
        "en": "Done: nothing about this chat is stored any more. Any command you send starts afresh.",
        "uk": "Готово: про цей чат більше нічого не зберігається. Будь-яка команда почне все спочатку.",
        "ru": "Готово: об этом чате больше ничего не хранится. Любая команда начнёт всё заново.",
    },
    "forgotten_channel": {
        "en": "Done: nothing about the channel {channel} is stored any more.",
        "uk": "Готово: про канал {channel} більше нічого не зберігається.",
        "ru": "Готово: о канале {channel} больше ничего не хранится.",
    },
    "forget_kept": {
        "en": "Nothing was deleted.",
        "uk": "Нічого не видалено.",
        "ru": "Ничего не удалено.",
    },
    # /status (operators)
    "status_outbox": {"en": "Outbox: {states}", "uk": "Черга надсилання: {states}", "ru": "Очередь отправки: {states}"},
    "status_chats": {
        "en": "Chats not active: {states}",
        "uk": "Неактивні чати: {states}",
        "ru": "Неактивные чаты: {states}",
    },
    "status_front_none": {"en": "no map stored", "uk": "мап ще немає", "ru": "карт ещё нет"},
    "status_front_newest": {"en": "newest map {at}", "uk": "найновіша мапа {at}", "ru": "самая новая карта {at}"},
    "status_front_not_polled": {
        "en": "Front map: {newest}; not polled yet",
        "uk": "Мапа фронту: {newest}; ще не опитувалася",
        "ru": "Карта фронта: {newest}; ещё не опрашивалась",
    },
    "status_front_ok": {
        "en": "Front map: {newest}; last poll {at} ok",
        "uk": "Мапа фронту: {newest}; останнє опитування {at} успішне",
        "ru": "Карта фронта: {newest}; последний опрос {at} успешный",
    },
    "status_front_failed": {
        "en": "Front map: {newest}; last poll {at} failed: {error}",
        "uk": "Мапа фронту: {newest}; останнє опитування {at} не вдалося: {error}",
        "ru": "Карта фронта: {newest}; последний опрос {at} не удался: {error}",
    },
    "status_failing": {
        "en": "Failing sources: {n}",
        "uk": "Джерел з помилками: {n}",
        "ru": "Источников с ошибками: {n}",
    },
    "status_source": {
        "en": "{source}: {failures}× in a row, {error}",
        "uk": "{source}: {failures}× поспіль, {error}",
        "ru": "{source}: {failures}× подряд, {error}",
    },
    "status_empty": {"en": "empty", "uk": "порожня", "ru": "пуста"},
    "status_none": {"en": "none", "uk": "немає", "ru": "нет"},
    "state_pending": {"en": "pending", "uk": "в черзі", "ru": "в очереди"},
    "state_sent": {"en": "sent", "uk": "надіслано", "ru": "отправлено"},
    "state_parked": {"en": "parked", "uk": "відкладено", "ru": "отложено"},
    "state_cancelled": {"en": "cancelled", "uk": "скасовано", "ru": "отменено"},
    "chat_blocked": {"en": "blocked", "uk": "заблокували бота", "ru": "заблокировали бота"},
    "chat_not_found": {"en": "not found", "uk": "не знайдено", "ru": "не найдены"},
    "chat_removed": {"en": "bot removed", "uk": "бота вилучено", "ru": "бот удалён"},
    "chat_migrated": {"en": "moved to a supergroup", "uk": "стали супергрупами", "ru": "стали супергруппами"},
    # A span of time, as /sources shows how long ago a source was updated: the largest whole unit.
    "duration_s": {"en": "{n} s", "uk": "{n} с", "ru": "{n} с"},
    "duration_m": {"en": "{n} min", "uk": "{n} хв", "ru": "{n} мин"},
    "duration_h": {"en": "{n} h", "uk": "{n} год", "ru": "{n} ч"},
    "duration_d": {"en": "{n} d", "uk": "{n} дн.", "ru": "{n} дн."},
    # The command menus (setMyCommands) and the bot's profile (setMyDescription, setMyShortDescription).
    "cmd_digest": {"en": "The digest now", "uk": "Дайджест зараз", "ru": "Дайджест сейчас"},
    "cmd_summary": {
        "en": "What the sources say about a topic or place",
        "uk": "Що пишуть джерела про тему чи місце",
        "ru": "Что пишут источники о теме или месте",
    },
    "cmd_subscribe": {"en": "Scheduled digests", "uk": "Дайджести за розкладом", "ru": "Дайджесты по расписанию"},
    "cmd_unsubscribe": {
        "en": "Stop scheduled digests",
        "uk": "Зупинити дайджести за розкладом",
        "ru": "Остановить дайджесты по расписанию",
    },
    "cmd_front": {
        "en": "How the front line moved",
        "uk": "Як змінилася лінія фронту",
        "ru": "Как изменилась линия фронта",
    },
    "cmd_sources": {
        "en": "Choose this chat's sources (health shown)",
        "uk": "Вибрати джерела чату (з їхнім станом)",
        "ru": "Выбрать источники чата (с их состоянием)",
    },
    "cmd_add": {
        "en": "Add a feed, news site or public channel",
        "uk": "Додати стрічку, новинний сайт або публічний канал",
        "ru": "Добавить ленту, новостной сайт или публичный канал",
    },
    "cmd_remove": {
        "en": "Remove a source this chat added",
        "uk": "Прибрати джерело, додане в цьому чаті",
        "ru": "Убрать источник, добавленный в этом чате",
    },
    "cmd_export": {
        "en": "This chat's sources as an OPML file",
        "uk": "Джерела чату файлом OPML",
        "ru": "Источники чата файлом OPML",
    },
    "cmd_import": {
        "en": "Add the feeds of an OPML file (as its caption)",
        "uk": "Додати стрічки з файлу OPML (у підписі до нього)",
        "ru": "Добавить ленты из файла OPML (в подписи к нему)",
    },
    "cmd_settings": {
        "en": "Language, time zone, front alerts",
        "uk": "Мова, часовий пояс, сповіщення про фронт",
        "ru": "Язык, часовой пояс, уведомления о фронте",
    },
    "cmd_filter": {
        "en": "Only some places or topics, or hide some",
        "uk": "Лише певні місця чи теми або сховати деякі",
        "ru": "Только некоторые места или темы или скрыть некоторые",
    },
    "cmd_privacy": {
        "en": "What I store about this chat",
        "uk": "Що я зберігаю про цей чат",
        "ru": "Что я храню об этом чате",
    },
    "cmd_forget": {
        "en": "Delete this chat's data",
        "uk": "Видалити дані цього чату",
        "ru": "Удалить данные этого чата",
    },
    "cmd_help": {"en": "All commands", "uk": "Усі команди", "ru": "Все команды"},
    "cmd_status": {
        "en": "Operator: the outbox, paused chats, failing sources",
        "uk": "Оператор: черга, призупинені чати, джерела з помилками",
        "ru": "Оператор: очередь, приостановленные чаты, источники с ошибками",
    },
    "cmd_retry": {
        "en": "Operator: queue parked parts again",
        "uk": "Оператор: знову поставити відкладені частини в чергу",
        "ru": "Оператор: снова поставить отложенные части в очередь",
    },
    "cmd_collect": {
        "en": "Operator: collect every source now",
        "uk": "Оператор: зібрати всі джерела зараз",
        "ru": "Оператор: собрать все источники сейчас",
    },
    "bot_description": {
        "en": "The war in Ukraine condensed into short digests, each story with its sources, in Ukrainian, "
        "Russian or English: on a schedule or on demand, with how the front line moved. Press Start, or add me "
        "to a group or a channel.",
        "uk": "Війна в Україні у коротких дайджестах, кожна історія з джерелами, українською, російською чи "
        "англійською: за розкладом або на запит, разом зі змінами лінії фронту. Натисніть «Почати» або додайте "
        "мене до групи чи каналу.",
        "ru": "Война в Украине в коротких дайджестах, каждая история с источниками, на украинском, русском или "
        "английском: по расписанию или по запросу, вместе с изменениями линии фронта. Нажмите «Начать» или "
        "добавьте меня в группу или канал.",
    },
    "bot_short_description": {
        "en": "Short, sourced digests of the war in Ukraine, and how the front line moved.",
        "uk": "Короткі дайджести з джерелами про війну в Україні та зміни лінії фронту.",
        "ru": "Короткие дайджесты с источниками о войне в Украине и изменения линии фронта.",
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
    # Front-line reports (bot.front.reports): plain text, escaped by the caller.
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
    # -- a chat's sources: /sources keyboard, /add, /remove, /import, /export -----------------------------------
    "sources_header": {
        "en": "<b>Sources{target}</b>, page {page} of {pages}\n"
        "✅ followed · ⬜ turned off · 🗑 added here (press to remove). /add a feed, page or @channel.",
        "uk": "<b>Джерела{target}</b>, сторінка {page} з {pages}\n"
        "✅ стежите · ⬜ вимкнено · 🗑 додане тут (натисніть, щоб прибрати). /add — стрічка, сторінка або @канал.",
        "ru": "<b>Источники{target}</b>, страница {page} из {pages}\n"
        "✅ читаете · ⬜ отключено · 🗑 добавлено здесь (нажмите, чтобы убрать). /add — лента, страница или @канал.",
    },
    "sources_kind_feed": {"en": "feeds", "uk": "стрічки", "ru": "ленты"},
    "sources_kind_page": {"en": "pages", "uk": "сторінки", "ru": "страницы"},
    "sources_kind_channel": {"en": "channels", "uk": "канали", "ru": "каналы"},
    "sources_changers": {
        "en": "Only the chat's administrators can change its sources.",
        "uk": "Змінювати джерела чату можуть лише його адміністратори.",
        "ru": "Менять источники чата могут только его администраторы.",
    },
    "add_usage": {
        "en": "Send /add with a feed's or news site's address or a public channel, e.g. /add https://example.com/rss "
        "or /add @channel. For a channel you administer: /add @yourchannel https://example.com/rss.",
        "uk": "Надішліть /add з адресою стрічки чи новинного сайту або публічним каналом, напр. "
        "/add https://example.com/rss чи /add @channel. Для вашого каналу: /add @вашканал https://example.com/rss.",
        "ru": "Отправьте /add с адресом ленты или новостного сайта либо публичным каналом, напр. "
        "/add https://example.com/rss или /add @channel. Для вашего канала: /add @вашканал https://example.com/rss.",
    },
    "add_added": {
        "en": "Added <b>{name}</b>. Its latest items:\n{items}",
        "uk": "Додано <b>{name}</b>. Останні матеріали:\n{items}",
        "ru": "Добавлено <b>{name}</b>. Последние материалы:\n{items}",
    },
    "add_added_empty": {
        "en": "Added <b>{name}</b>. It has no items yet; new ones will reach your digests.",
        "uk": "Додано <b>{name}</b>. Матеріалів там ще немає; нові потраплять у ваші дайджести.",
        "ru": "Добавлено <b>{name}</b>. Материалов там пока нет; новые попадут в ваши дайджесты.",
    },
    "add_already": {
        "en": "<b>{name}</b> is already among this chat's sources.",
        "uk": "<b>{name}</b> вже є серед джерел цього чату.",
        "ru": "<b>{name}</b> уже есть среди источников этого чата.",
    },
    "add_over_limit": {
        "en": "This chat already has {max} sources of its own: remove one first (/sources or /remove).",
        "uk": "У цього чату вже {max} власних джерел: спершу приберіть одне (/sources або /remove).",
        "ru": "У этого чата уже {max} собственных источников: сначала уберите один (/sources или /remove).",
    },
    "add_failed": {
        "en": "I can't use {ref}: {reason}",
        "uk": "Не можу використати {ref}: {reason}",
        "ru": "Не могу использовать {ref}: {reason}",
    },
    "source_reason_blocked": {
        "en": "that address is not on the public internet, or is not an http(s) address.",
        "uk": "ця адреса не в публічному інтернеті або це не адреса http(s).",
        "ru": "этот адрес не в публичном интернете или это не адрес http(s).",
    },
    "source_reason_http": {
        "en": "the site answered with an error (HTTP {status}).",
        "uk": "сайт відповів помилкою (HTTP {status}).",
        "ru": "сайт ответил ошибкой (HTTP {status}).",
    },
    "source_reason_too_large": {
        "en": "the answer is too large.",
        "uk": "відповідь завелика.",
        "ru": "ответ слишком большой.",
    },
    "source_reason_unreachable": {
        "en": "the site cannot be reached (no such name, no connection or no answer in time).",
        "uk": "сайт недоступний (немає такого імені, з'єднання чи відповіді вчасно).",
        "ru": "сайт недоступен (нет такого имени, соединения или ответа вовремя).",
    },
    "source_reason_no_feed": {
        "en": "the page links no RSS or Atom feed.",
        "uk": "сторінка не посилається на жодну стрічку RSS чи Atom.",
        "ru": "страница не ссылается ни на одну ленту RSS или Atom.",
    },
    "source_reason_not_feed": {
        "en": "it is neither an RSS or Atom feed nor a news page that links one.",
        "uk": "це не стрічка RSS чи Atom і не новинна сторінка з посиланням на неї.",
        "ru": "это не лента RSS или Atom и не новостная страница со ссылкой на неё.",
    },
    "source_failing_notice": {
        "en": "⚠️ Your source <b>{name}</b> keeps failing: {reason} I keep trying; /remove it if it is gone for good.",
        "uk": "⚠️ Ваше джерело <b>{name}</b> постійно недоступне: {reason} Я пробуватиму далі; приберіть його "
        "через /remove, якщо воно зникло назавжди.",
        "ru": "⚠️ Ваш источник <b>{name}</b> постоянно недоступен: {reason} Я буду пробовать дальше; уберите его "
        "через /remove, если он исчез навсегда.",
    },
    "remove_usage": {
        "en": "Send /remove with the address, @channel or name of a source this chat added (see /sources).",
        "uk": "Надішліть /remove з адресою, @каналом або назвою джерела, яке додали в цьому чаті (див. /sources).",
        "ru": "Отправьте /remove с адресом, @каналом или названием источника, добавленного в этом чате (см. /sources).",
    },
    "removed": {
        "en": "Removed <b>{name}</b> from this chat's sources.",
        "uk": "<b>{name}</b> прибрано з джерел цього чату.",
        "ru": "<b>{name}</b> убран из источников этого чата.",
    },
    "remove_unknown": {
        "en": "This chat added no source {ref}. /sources lists them.",
        "uk": "У цьому чаті не додавали джерела {ref}. Перелік — у /sources.",
        "ru": "В этом чате не добавляли источник {ref}. Список — в /sources.",
    },
    "export_caption": {
        "en": "This chat's {count} sources as OPML: Feedly, Inoreader, Miniflux and other readers import it.",
        "uk": "Джерела цього чату ({count}) в OPML: його імпортують Feedly, Inoreader, Miniflux та інші читалки.",
        "ru": "Источники этого чата ({count}) в OPML: его импортируют Feedly, Inoreader, Miniflux и другие читалки.",
    },
    "import_usage": {
        "en": "Send an OPML file (exported by a feed reader) with /import as its caption, or reply /import to one.",
        "uk": "Надішліть файл OPML (експорт із читалки стрічок) з підписом /import або відповідайте /import на нього.",
        "ru": "Отправьте файл OPML (экспорт из читалки лент) с подписью /import или ответьте /import на него.",
    },
    "opml_too_large": {
        "en": "The file is over {mb} MB: nothing was imported.",
        "uk": "Файл більший за {mb} МБ: нічого не імпортовано.",
        "ru": "Файл больше {mb} МБ: ничего не импортировано.",
    },
    "opml_not_xml": {
        "en": "That file is not XML, so not OPML: nothing was imported.",
        "uk": "Цей файл не XML, а отже не OPML: нічого не імпортовано.",
        "ru": "Этот файл не XML, а значит не OPML: ничего не импортировано.",
    },
    "opml_not_opml": {
        "en": "That file is XML but not OPML: nothing was imported.",
        "uk": "Цей файл XML, але не OPML: нічого не імпортовано.",
        "ru": "Этот файл XML, но не OPML: ничего не импортировано.",
    },
    "opml_entities": {
        "en": "That file declares a DTD or entities, which OPML files never need: nothing was imported.",
        "uk": "Цей файл оголошує DTD чи сутності, яких файлам OPML ніколи не треба: нічого не імпортовано.",
        "ru": "Этот файл объявляет DTD или сущности, которые файлам OPML никогда не нужны: ничего не импортировано.",
    },
    "opml_too_many": {
        "en": "That file has more than {max} outlines: nothing was imported.",
        "uk": "У файлі понад {max} записів: нічого не імпортовано.",
        "ru": "В файле больше {max} записей: ничего не импортировано.",
    },
    "import_report": {
        "en": "<b>Import</b> of {feeds} feeds:",
        "uk": "<b>Імпорт</b> стрічок: {feeds}.",
        "ru": "<b>Импорт</b> лент: {feeds}.",
    },
    "import_added": {"en": "Added ({n}):", "uk": "Додано ({n}):", "ru": "Добавлено ({n}):"},
    "import_already": {"en": "Already there ({n}):", "uk": "Вже були ({n}):", "ru": "Уже были ({n}):"},
    "import_over_limit": {
        "en": "Over the limit of {max} own sources ({n}):",
        "uk": "Понад ліміт у {max} власних джерел ({n}):",
        "ru": "Сверх лимита в {max} собственных источников ({n}):",
    },
    "import_failed": {"en": "Failed ({n}):", "uk": "Не вдалося ({n}):", "ru": "Не удалось ({n}):"},
    "import_more": {
        "en": "… and {n} more",
        "uk": "… і ще {n}",
        "ru": "… и ещё {n}",
    },
    "import_duplicates": {
        "en": "{n} repeated entries counted once.",
        "uk": "Повторів у файлі: {n}, кожен враховано один раз.",
        "ru": "Повторов в файле: {n}, каждый учтён один раз.",
    },
}


def normalize_lang(code: str | None) -> str:
    """Telegram's language_code ("uk", "ru-RU", "en-GB", None) -> one of LANGS."""
    base = (code or "").split("-")[0].lower()
    return base if base in LANGS else DEFAULT_LANG


def lang_key(prefix: str, code: str) -> str:
    """The catalogue key of a language-named message ("story_in_ru"); "other" for a language not in LANGS."""
    return f"{prefix}_{code if code in LANGS else 'other'}"


def duration(seconds: float, lang: str) -> str:
    """A span of time in the largest whole unit: "36 s", "12 хв", "5 ч", "3 дн."."""
    whole = max(0, int(seconds))
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60)):
        if whole >= size:
            return t(lang, f"duration_{unit}", n=whole // size)
    return t(lang, "duration_s", n=whole)


def t(lang: str, key: str, **fields: object) -> str:
    entry = MESSAGES[key]
    text = entry.get(lang) or entry[DEFAULT_LANG]
    return text.format(**fields) if fields else text
