"""
Demo content for the clinic pages: five treatments with their prices, what the price includes,
a page text, questions and answers, the doctors who perform them and related articles, every
text in English, Turkish, German and Arabic. Idempotent: a treatment is found by its English
name; a text an editor has filled in, and questions, doctors or articles already chosen, are
left alone.
"""

from django.db.models import Q
from django.utils import translation

from blog.models import Article, Doctor
from clinic import demo_results
from clinic.models import Treatment, TreatmentFAQ

LANGUAGES = ("en", "tr", "de", "ar")

DEMO_TREATMENTS = [
    {
        "slug": "fue-hair-transplant",
        "name": {
            "en": "FUE hair transplant",
            "tr": "FUE saç ekimi",
            "de": "FUE-Haartransplantation",
            "ar": "زراعة الشعر بتقنية FUE",
        },
        "summary": {
            "en": "Hair follicles taken one by one from the back of the head and placed where "
            "the hair has thinned: no linear scar, a natural hairline.",
            "tr": "Saç kökleri ense bölgesinden tek tek alınır ve saçın seyreldiği yere "
            "yerleştirilir: çizgi şeklinde iz kalmaz, saç çizgisi doğal görünür.",
            "de": "Haarwurzeln werden einzeln am Hinterkopf entnommen und dort eingesetzt, wo "
            "das Haar dünn geworden ist: keine Narbenlinie, ein natürlicher Haaransatz.",
            "ar": "تُؤخذ بصيلات الشعر واحدة تلو الأخرى من مؤخرة الرأس وتُزرع حيث خفّ الشعر: "
            "بلا ندبة طولية، وبخط شعر طبيعي.",
        },
        "body": {
            "en": """## What is an FUE hair transplant?

Follicular unit extraction (FUE) moves your own hair follicles, in their natural groups of one
to four hairs, from the back and sides of the head to the areas that have thinned. Each graft is
taken with a fine punch less than a millimetre wide, so no strip of skin is removed.

## Who does it suit?

Men and women with stable, hereditary hair loss and enough healthy donor hair. Your doctor
checks the density of your donor area and your pattern of loss before recommending a number of
grafts.

## How is it done?

1. The hairline is drawn with you in front of a mirror.
2. The donor area is numbed with local anaesthesia and the grafts are taken one by one.
3. Tiny openings are made in the recipient area at the angle of your natural hair.
4. The grafts are placed, the densest at the front.

## Recovery, week by week

- **Week 1:** small crusts and some swelling of the forehead; the first wash at the clinic on
  day two.
- **Weeks 2 to 4:** the crusts are gone; most patients are back at work.
- **Months 1 to 3:** the transplanted hairs shed: this is expected.
- **Months 4 to 12:** new hair grows; the final result shows after a year.

## Risks

Swelling, numbness and temporary redness are common. Infection is rare. A too-dense harvest can
thin the donor area, which is why we plan the number of grafts carefully.""",
            "tr": """## FUE saç ekimi nedir?

Foliküler ünite ekstraksiyonu (FUE), kendi saç köklerinizi birli ile dörtlü doğal gruplar
hâlinde ense ve yan bölgelerden seyrelmiş alanlara taşır. Her greft bir milimetreden ince bir
uçla alınır; deriden şerit çıkarılmaz.

## Kimler için uygundur?

Kalıtsal ve durulmuş saç dökülmesi olan, yeterli sağlıklı donör saçı bulunan kadın ve erkekler
için. Doktorunuz greft sayısı önermeden önce donör bölgenizin yoğunluğunu ve dökülme tipinizi
inceler.

## Nasıl yapılır?

1. Saç çizgisi aynanın karşısında sizinle birlikte çizilir.
2. Donör bölge lokal anesteziyle uyuşturulur ve greftler tek tek alınır.
3. Alıcı bölgede doğal saç açınıza uygun minik kanallar açılır.
4. Greftler yerleştirilir; en yoğun kısım öndedir.

## Hafta hafta iyileşme

- **1. hafta:** küçük kabuklar ve alında biraz şişlik; ilk yıkama ikinci gün klinikte yapılır.
- **2–4. hafta:** kabuklar dökülür; çoğu hasta işine döner.
- **1–3. ay:** ekilen saçlar dökülür: bu beklenen bir durumdur.
- **4–12. ay:** yeni saçlar çıkar; nihai sonuç bir yılda görülür.

## Riskler

Şişlik, uyuşukluk ve geçici kızarıklık sık görülür. Enfeksiyon nadirdir. Aşırı greft alımı donör
bölgeyi seyreltebilir; bu yüzden greft sayısını dikkatle planlıyoruz.""",
            "de": """## Was ist eine FUE-Haartransplantation?

Bei der Follicular Unit Extraction (FUE) werden Ihre eigenen Haarwurzeln in ihren natürlichen
Gruppen von ein bis vier Haaren vom Hinterkopf und von den Seiten in die ausgedünnten Bereiche
verpflanzt. Jedes Graft wird mit einer feinen Hohlnadel von weniger als einem Millimeter
entnommen; es wird kein Hautstreifen entfernt.

## Für wen eignet sie sich?

Für Männer und Frauen mit stabilem, erblich bedingtem Haarausfall und genügend gesundem
Spenderhaar. Ihr Arzt prüft die Dichte des Spenderbereichs und Ihr Ausfallmuster, bevor er eine
Graftzahl empfiehlt.

## Wie läuft sie ab?

1. Der Haaransatz wird gemeinsam mit Ihnen vor dem Spiegel eingezeichnet.
2. Der Spenderbereich wird örtlich betäubt, die Grafts werden einzeln entnommen.
3. Im Empfängerbereich werden winzige Öffnungen im Winkel Ihres natürlichen Haars gesetzt.
4. Die Grafts werden eingesetzt, vorne am dichtesten.

## Heilung Woche für Woche

- **Woche 1:** kleine Krusten und etwas Schwellung der Stirn; die erste Haarwäsche am zweiten
  Tag in der Klinik.
- **Wochen 2 bis 4:** die Krusten sind weg; die meisten arbeiten wieder.
- **Monate 1 bis 3:** die verpflanzten Haare fallen aus: das ist normal.
- **Monate 4 bis 12:** neues Haar wächst; das Endergebnis zeigt sich nach einem Jahr.

## Risiken

Schwellungen, Taubheitsgefühl und vorübergehende Rötung sind häufig. Infektionen sind selten.
Eine zu dichte Entnahme kann den Spenderbereich ausdünnen; deshalb planen wir die Graftzahl
sorgfältig.""",
            "ar": """## ما هي زراعة الشعر بتقنية FUE؟

تنقل تقنية استخلاص الوحدات البصيلية (FUE) بصيلات شعرك نفسه، في مجموعاتها الطبيعية من شعرة إلى
أربع شعرات، من مؤخرة الرأس وجانبيه إلى المناطق التي خفّ فيها الشعر. تؤخذ كل بصيلة بأداة دقيقة
يقل قطرها عن مليمتر، فلا يُزال أي شريط من الجلد.

## لمن تناسب؟

للرجال والنساء الذين يعانون تساقطًا وراثيًا مستقرًا ولديهم شعر مانح سليم كافٍ. يفحص طبيبك كثافة
المنطقة المانحة ونمط التساقط قبل أن يقترح عدد البصيلات.

## كيف تُجرى؟

1. يُرسم خط الشعر معك أمام المرآة.
2. تُخدَّر المنطقة المانحة موضعيًا وتؤخذ البصيلات واحدة تلو الأخرى.
3. تُفتح قنوات دقيقة في المنطقة المستقبلة بزاوية شعرك الطبيعي.
4. تُزرع البصيلات، وأكثفها في الأمام.

## التعافي أسبوعًا بأسبوع

- **الأسبوع الأول:** قشور صغيرة وبعض التورم في الجبهة؛ الغسلة الأولى في العيادة في اليوم الثاني.
- **من الأسبوع الثاني إلى الرابع:** تزول القشور ويعود معظم المرضى إلى العمل.
- **من الشهر الأول إلى الثالث:** يتساقط الشعر المزروع، وهذا متوقع.
- **من الشهر الرابع إلى الثاني عشر:** ينمو شعر جديد، وتظهر النتيجة النهائية بعد عام.

## المخاطر

التورم والخدر والاحمرار المؤقت شائعة. العدوى نادرة. قد يؤدي الاستخلاص المفرط إلى ترقق المنطقة
المانحة، ولهذا نخطط لعدد البصيلات بعناية.""",
        },
        "duration": {
            "en": "6 to 8 hours",
            "tr": "6 ila 8 saat",
            "de": "6 bis 8 Stunden",
            "ar": "من 6 إلى 8 ساعات",
        },
        "anaesthesia": {
            "en": "Local anaesthesia",
            "tr": "Lokal anestezi",
            "de": "Örtliche Betäubung",
            "ar": "تخدير موضعي",
        },
        "recovery_time": {
            "en": "Back to work in 7 to 10 days",
            "tr": "7–10 günde işe dönüş",
            "de": "Nach 7 bis 10 Tagen wieder arbeitsfähig",
            "ar": "العودة إلى العمل خلال 7 إلى 10 أيام",
        },
        "includes_note": {
            "en": "One PRP session after the procedure",
            "tr": "İşlemden sonra bir seans PRP",
            "de": "Eine PRP-Sitzung nach dem Eingriff",
            "ar": "جلسة بلازما (PRP) واحدة بعد العملية",
        },
        "price_from": 1900,
        "price_to": 2600,
        "includes": ("hotel", "transfer", "medication", "follow_up"),
        "doctors": ["selin-aksoy", "deniz-arslan"],
        "articles": [
            "fue-or-dhi",
            "is-a-hair-transplant-right-for-me",
            "the-first-two-weeks-after-a-hair-transplant",
        ],
        "faqs": [
            {
                "en": (
                    "Does an FUE hair transplant hurt?",
                    "Only the anaesthetic injections at the start are felt. After that the "
                    "procedure is painless; most patients watch a film or sleep.",
                ),
                "tr": (
                    "FUE saç ekimi acıtır mı?",
                    "Yalnızca başlangıçtaki anestezi iğneleri hissedilir. Sonrasında işlem "
                    "ağrısızdır; çoğu hasta film izler ya da uyur.",
                ),
                "de": (
                    "Tut eine FUE-Haartransplantation weh?",
                    "Spürbar sind nur die Betäubungsspritzen am Anfang. Danach ist der Eingriff "
                    "schmerzfrei; die meisten Patienten sehen einen Film oder schlafen.",
                ),
                "ar": (
                    "هل زراعة الشعر بتقنية FUE مؤلمة؟",
                    "لا يُشعر إلا بحقن التخدير في البداية. بعدها تكون العملية بلا ألم، "
                    "ويشاهد معظم المرضى فيلمًا أو ينامون.",
                ),
            },
            {
                "en": (
                    "How many grafts will I need?",
                    "It depends on the area to cover and your donor hair. Most patients need "
                    "between 2,500 and 4,000 grafts; your doctor tells you after looking at "
                    "your photos or examining you.",
                ),
                "tr": (
                    "Kaç greft gerekir?",
                    "Kapatılacak alana ve donör saçınıza bağlıdır. Çoğu hastaya 2.500 ile "
                    "4.000 arasında greft gerekir; doktorunuz fotoğraflarınızı inceledikten "
                    "ya da sizi muayene ettikten sonra söyler.",
                ),
                "de": (
                    "Wie viele Grafts brauche ich?",
                    "Das hängt von der zu füllenden Fläche und Ihrem Spenderhaar ab. Die "
                    "meisten Patienten brauchen 2.500 bis 4.000 Grafts; Ihr Arzt sagt es Ihnen "
                    "nach Durchsicht Ihrer Fotos oder der Untersuchung.",
                ),
                "ar": (
                    "كم بصيلة أحتاج؟",
                    "يعتمد ذلك على المساحة المطلوب تغطيتها وعلى شعرك المانح. يحتاج معظم "
                    "المرضى بين 2500 و4000 بصيلة، ويخبرك طبيبك بعد الاطلاع على صورك أو "
                    "فحصك.",
                ),
            },
            {
                "en": (
                    "When can I fly home?",
                    "The day after your first wash at the clinic, usually on the third day. "
                    "Wear a loose hat on the plane.",
                ),
                "tr": (
                    "Ne zaman evime uçabilirim?",
                    "Klinikteki ilk yıkamanın ertesi günü, genellikle üçüncü gün. Uçakta bol "
                    "bir şapka takın.",
                ),
                "de": (
                    "Wann kann ich nach Hause fliegen?",
                    "Am Tag nach der ersten Haarwäsche in der Klinik, meist am dritten Tag. "
                    "Tragen Sie im Flugzeug eine locker sitzende Mütze.",
                ),
                "ar": (
                    "متى يمكنني السفر إلى بلدي؟",
                    "في اليوم التالي للغسلة الأولى في العيادة، عادةً في اليوم الثالث. ارتدِ "
                    "قبعة واسعة في الطائرة.",
                ),
            },
            {
                "en": (
                    "Will the result look natural?",
                    "Yes, when the hairline suits your age and face and the grafts follow the "
                    "angle of your own hair. We draw the hairline with you before we start.",
                ),
                "tr": (
                    "Sonuç doğal görünür mü?",
                    "Evet; saç çizgisi yaşınıza ve yüzünüze uygun olduğunda ve greftler kendi "
                    "saçınızın açısını izlediğinde. Başlamadan önce saç çizgisini sizinle "
                    "birlikte çiziyoruz.",
                ),
                "de": (
                    "Sieht das Ergebnis natürlich aus?",
                    "Ja, wenn der Haaransatz zu Alter und Gesicht passt und die Grafts dem "
                    "Winkel Ihres eigenen Haars folgen. Wir zeichnen den Haaransatz vor dem "
                    "Beginn mit Ihnen ein.",
                ),
                "ar": (
                    "هل ستبدو النتيجة طبيعية؟",
                    "نعم، عندما يناسب خط الشعر عمرك ووجهك وتتبع البصيلات زاوية شعرك. نرسم "
                    "خط الشعر معك قبل أن نبدأ.",
                ),
            },
        ],
    },
    {
        "slug": "dhi-hair-transplant",
        "name": {
            "en": "DHI hair transplant",
            "tr": "DHI saç ekimi",
            "de": "DHI-Haartransplantation",
            "ar": "زراعة الشعر بتقنية DHI",
        },
        "summary": {
            "en": "Grafts implanted directly with a pen-like implanter, without cutting channels "
            "first: dense work in small areas without shaving the whole head.",
            "tr": "Greftler önce kanal açılmadan, kalem benzeri bir implanterle doğrudan "
            "yerleştirilir: tüm başı kazımadan küçük alanlarda yoğun ekim.",
            "de": "Die Grafts werden mit einem stiftartigen Implanter direkt eingesetzt, ohne "
            "vorher Kanäle zu öffnen: dichte Arbeit auf kleinen Flächen, ohne den ganzen Kopf "
            "zu rasieren.",
            "ar": "تُزرع البصيلات مباشرة بأداة تشبه القلم دون فتح قنوات مسبقًا: زراعة كثيفة في "
            "مساحات صغيرة دون حلق الرأس كله.",
        },
        "body": {
            "en": """## What is a DHI hair transplant?

Direct hair implantation (DHI) takes the grafts the same way as FUE, one by one, but places them
with a Choi implanter pen that opens the skin and sets the graft in a single movement.

## Who does it suit?

Patients who want more density in a limited area, such as the hairline or the crown, and those
who prefer not to shave the recipient area. For large bald areas FUE is often quicker.

## How is it done?

1. Hairline design and local anaesthesia.
2. The grafts are taken from the donor area.
3. Each graft is loaded into an implanter and placed at the planned angle and depth.

## Recovery, week by week

- **Week 1:** crusts and mild swelling; first wash at the clinic.
- **Weeks 2 to 4:** the skin looks normal again.
- **Months 1 to 3:** shedding of the transplanted hairs.
- **Months 4 to 12:** regrowth; the final look after 12 months.

## Risks

As with FUE: swelling, temporary numbness, rarely infection. The procedure takes longer per
graft, so very large sessions may be split.""",
            "tr": """## DHI saç ekimi nedir?

Doğrudan saç implantasyonu (DHI), greftleri FUE'deki gibi tek tek alır, ancak deriyi açıp grefti
tek harekette yerleştiren Choi implanter kalemiyle ekim yapar.

## Kimler için uygundur?

Saç çizgisi ya da tepe gibi sınırlı bir alanda daha fazla yoğunluk isteyenler ve alıcı bölgeyi
kazıtmak istemeyenler için. Geniş açık alanlarda FUE çoğu zaman daha hızlıdır.

## Nasıl yapılır?

1. Saç çizgisi tasarımı ve lokal anestezi.
2. Greftler donör bölgeden alınır.
3. Her greft bir implantere yüklenir ve planlanan açı ve derinlikte yerleştirilir.

## Hafta hafta iyileşme

- **1. hafta:** kabuklar ve hafif şişlik; ilk yıkama klinikte.
- **2–4. hafta:** cilt yeniden normal görünür.
- **1–3. ay:** ekilen saçlar dökülür.
- **4–12. ay:** yeni saçlar çıkar; son görünüm 12 ayda.

## Riskler

FUE'de olduğu gibi: şişlik, geçici uyuşukluk, nadiren enfeksiyon. Greft başına süre daha
uzundur; bu yüzden çok büyük seanslar bölünebilir.""",
            "de": """## Was ist eine DHI-Haartransplantation?

Bei der Direct Hair Implantation (DHI) werden die Grafts wie bei FUE einzeln entnommen, aber mit
einem Choi-Implanter eingesetzt, der die Haut öffnet und das Graft in einer Bewegung platziert.

## Für wen eignet sie sich?

Für Patienten, die auf kleiner Fläche mehr Dichte wünschen, etwa am Haaransatz oder am
Hinterkopf, und für alle, die den Empfängerbereich nicht rasieren möchten. Bei großen kahlen
Flächen ist FUE oft schneller.

## Wie läuft sie ab?

1. Planung des Haaransatzes und örtliche Betäubung.
2. Die Grafts werden aus dem Spenderbereich entnommen.
3. Jedes Graft wird in einen Implanter geladen und im geplanten Winkel und in der geplanten
   Tiefe eingesetzt.

## Heilung Woche für Woche

- **Woche 1:** Krusten und leichte Schwellung; erste Haarwäsche in der Klinik.
- **Wochen 2 bis 4:** die Haut sieht wieder normal aus.
- **Monate 1 bis 3:** die verpflanzten Haare fallen aus.
- **Monate 4 bis 12:** neues Wachstum; das endgültige Bild nach 12 Monaten.

## Risiken

Wie bei FUE: Schwellung, vorübergehendes Taubheitsgefühl, selten Infektionen. Pro Graft dauert
der Eingriff länger; sehr große Sitzungen werden daher manchmal aufgeteilt.""",
            "ar": """## ما هي زراعة الشعر بتقنية DHI؟

تأخذ تقنية الزراعة المباشرة للشعر (DHI) البصيلات كما في FUE واحدة تلو الأخرى، لكنها تزرعها بقلم
Choi الذي يفتح الجلد ويضع البصيلة بحركة واحدة.

## لمن تناسب؟

لمن يريد كثافة أكبر في منطقة محدودة مثل خط الشعر أو قمة الرأس، ولمن يفضّل عدم حلق المنطقة
المستقبلة. أما في المساحات الصلعاء الواسعة فغالبًا ما تكون FUE أسرع.

## كيف تُجرى؟

1. تصميم خط الشعر والتخدير الموضعي.
2. تؤخذ البصيلات من المنطقة المانحة.
3. تُحمَّل كل بصيلة في القلم وتُزرع بالزاوية والعمق المخطط لهما.

## التعافي أسبوعًا بأسبوع

- **الأسبوع الأول:** قشور وتورم خفيف؛ الغسلة الأولى في العيادة.
- **من الأسبوع الثاني إلى الرابع:** يعود الجلد إلى مظهره الطبيعي.
- **من الشهر الأول إلى الثالث:** تساقط الشعر المزروع.
- **من الشهر الرابع إلى الثاني عشر:** نمو جديد، والمظهر النهائي بعد 12 شهرًا.

## المخاطر

كما في FUE: تورم وخدر مؤقت وعدوى نادرة. تستغرق كل بصيلة وقتًا أطول، لذلك قد تُقسَّم الجلسات
الكبيرة جدًا.""",
        },
        "duration": {
            "en": "7 to 9 hours",
            "tr": "7 ila 9 saat",
            "de": "7 bis 9 Stunden",
            "ar": "من 7 إلى 9 ساعات",
        },
        "anaesthesia": {
            "en": "Local anaesthesia",
            "tr": "Lokal anestezi",
            "de": "Örtliche Betäubung",
            "ar": "تخدير موضعي",
        },
        "recovery_time": {
            "en": "Back to work in 5 to 7 days",
            "tr": "5–7 günde işe dönüş",
            "de": "Nach 5 bis 7 Tagen wieder arbeitsfähig",
            "ar": "العودة إلى العمل خلال 5 إلى 7 أيام",
        },
        "includes_note": {},
        "price_from": 2200,
        "price_to": 3000,
        "includes": ("hotel", "transfer", "medication", "follow_up"),
        "doctors": ["selin-aksoy", "deniz-arslan"],
        "articles": [
            "fue-or-dhi",
            "anaesthesia-during-a-hair-transplant",
            "when-will-i-see-results",
        ],
        "faqs": [
            {
                "en": (
                    "Is DHI better than FUE?",
                    "Neither is better for everyone. DHI suits dense work in small areas; FUE "
                    "covers large areas faster. Your doctor recommends one after examining you.",
                ),
                "tr": (
                    "DHI, FUE'den daha mı iyi?",
                    "Hiçbiri herkes için daha iyi değildir. DHI küçük alanlarda yoğun ekime, "
                    "FUE ise geniş alanları daha hızlı kapatmaya uygundur. Doktorunuz "
                    "muayeneden sonra birini önerir.",
                ),
                "de": (
                    "Ist DHI besser als FUE?",
                    "Keine Methode ist für alle besser. DHI eignet sich für dichte Arbeit auf "
                    "kleinen Flächen, FUE deckt große Flächen schneller ab. Ihr Arzt empfiehlt "
                    "nach der Untersuchung eine davon.",
                ),
                "ar": (
                    "هل DHI أفضل من FUE؟",
                    "لا توجد تقنية أفضل للجميع. تناسب DHI الزراعة الكثيفة في المساحات "
                    "الصغيرة، وتغطي FUE المساحات الكبيرة أسرع. يوصي طبيبك بإحداهما بعد "
                    "فحصك.",
                ),
            },
            {
                "en": (
                    "Do I have to shave my head?",
                    "The donor area is usually trimmed short. The recipient area can often "
                    "stay unshaven with DHI.",
                ),
                "tr": (
                    "Başımı kazıtmam gerekir mi?",
                    "Donör bölge genellikle kısaltılır. DHI'da alıcı bölge çoğu zaman "
                    "kazıtılmadan kalabilir.",
                ),
                "de": (
                    "Muss ich mir den Kopf rasieren?",
                    "Der Spenderbereich wird meist kurz geschnitten. Der Empfängerbereich kann "
                    "bei DHI oft unrasiert bleiben.",
                ),
                "ar": (
                    "هل يجب أن أحلق رأسي؟",
                    "عادةً ما تُقص المنطقة المانحة قصيرًا. أما المنطقة المستقبلة فيمكن غالبًا "
                    "أن تبقى دون حلاقة مع DHI.",
                ),
            },
            {
                "en": (
                    "Why does DHI cost more?",
                    "Each graft is loaded and placed individually with an implanter, which "
                    "takes more time and more trained hands in the theatre.",
                ),
                "tr": (
                    "DHI neden daha pahalı?",
                    "Her greft bir implantere tek tek yüklenip yerleştirilir; bu daha fazla "
                    "zaman ve ameliyathanede daha fazla eğitimli el gerektirir.",
                ),
                "de": (
                    "Warum kostet DHI mehr?",
                    "Jedes Graft wird einzeln in einen Implanter geladen und eingesetzt; das "
                    "braucht mehr Zeit und mehr geschulte Hände im OP.",
                ),
                "ar": (
                    "لماذا تكلّف DHI أكثر؟",
                    "تُحمَّل كل بصيلة في القلم وتُزرع على حدة، وهذا يتطلب وقتًا أطول وأيدي "
                    "مدرّبة أكثر في غرفة العمليات.",
                ),
            },
        ],
    },
    {
        "slug": "beard-transplant",
        "name": {
            "en": "Beard transplant",
            "tr": "Sakal ekimi",
            "de": "Barttransplantation",
            "ar": "زراعة اللحية",
        },
        "summary": {
            "en": "Fills patchy or thin areas of the beard and moustache with your own hair, "
            "at the angle facial hair grows.",
            "tr": "Sakal ve bıyıktaki seyrek ya da boş alanları, yüz kıllarının çıkış açısıyla "
            "kendi saçınızla doldurur.",
            "de": "Füllt lückige oder dünne Stellen in Bart und Schnurrbart mit Ihrem eigenen "
            "Haar, im Wuchswinkel der Gesichtshaare.",
            "ar": "يملأ المناطق المتفرقة أو الخفيفة في اللحية والشارب بشعرك أنت، وبزاوية نمو "
            "شعر الوجه.",
        },
        "body": {
            "en": """## What is a beard transplant?

Single-hair grafts from the back of the head, or from under the chin, are placed in the cheeks,
the jawline or the moustache to fill gaps and give the beard a defined shape.

## Who does it suit?

Men with patchy beard growth, scars in the beard area, or a beard that never grew fully. Your
hormones and skin are checked first.

## How is it done?

The beard line is drawn with you, the areas are numbed, and each graft is placed at a very flat
angle so the new hairs lie like facial hair.

## Recovery, week by week

- **Week 1:** small red dots and crusts; no shaving.
- **Weeks 2 to 3:** the crusts fall off; you may trim with scissors.
- **Months 1 to 3:** the transplanted hairs shed.
- **Months 4 to 8:** the beard grows in; you can shave normally.

## Risks

Temporary redness and swelling of the cheeks, ingrown hairs, and rarely infection.""",
            "tr": """## Sakal ekimi nedir?

Enseden ya da çene altından alınan tek kıllı greftler yanaklara, çene hattına ya da bıyığa
yerleştirilir; boşluklar dolar ve sakal belirgin bir şekil kazanır.

## Kimler için uygundur?

Sakalı seyrek çıkan, sakal bölgesinde yara izi olan ya da sakalı hiç tam çıkmamış erkekler için.
Önce hormonlarınız ve cildiniz değerlendirilir.

## Nasıl yapılır?

Sakal çizgisi sizinle birlikte çizilir, bölgeler uyuşturulur ve yeni kıllar yüz kılı gibi yatsın
diye her greft çok yatık bir açıyla yerleştirilir.

## Hafta hafta iyileşme

- **1. hafta:** küçük kırmızı noktalar ve kabuklar; tıraş yok.
- **2–3. hafta:** kabuklar düşer; makasla düzeltebilirsiniz.
- **1–3. ay:** ekilen kıllar dökülür.
- **4–8. ay:** sakal çıkar; normal şekilde tıraş olabilirsiniz.

## Riskler

Yanaklarda geçici kızarıklık ve şişlik, batık kıllar ve nadiren enfeksiyon.""",
            "de": """## Was ist eine Barttransplantation?

Einzelhaar-Grafts vom Hinterkopf oder unter dem Kinn werden in Wangen, Kieferlinie oder
Schnurrbart eingesetzt, um Lücken zu schließen und dem Bart eine klare Form zu geben.

## Für wen eignet sie sich?

Für Männer mit lückigem Bartwuchs, Narben im Bartbereich oder einem Bart, der nie ganz gewachsen
ist. Hormone und Haut werden vorher geprüft.

## Wie läuft sie ab?

Die Bartlinie wird mit Ihnen eingezeichnet, die Bereiche werden betäubt, und jedes Graft wird
sehr flach eingesetzt, damit die neuen Haare wie Barthaare liegen.

## Heilung Woche für Woche

- **Woche 1:** kleine rote Punkte und Krusten; nicht rasieren.
- **Wochen 2 bis 3:** die Krusten fallen ab; Kürzen mit der Schere ist erlaubt.
- **Monate 1 bis 3:** die verpflanzten Haare fallen aus.
- **Monate 4 bis 8:** der Bart wächst; Sie können sich normal rasieren.

## Risiken

Vorübergehende Rötung und Schwellung der Wangen, eingewachsene Haare und selten Infektionen.""",
            "ar": """## ما هي زراعة اللحية؟

تُزرع بصيلات أحادية الشعرة مأخوذة من مؤخرة الرأس أو من تحت الذقن في الخدين أو خط الفك أو الشارب،
لملء الفراغات ومنح اللحية شكلًا واضحًا.

## لمن تناسب؟

للرجال ذوي نمو اللحية المتفرق، أو من لديهم ندبات في منطقة اللحية، أو من لم تنمُ لحيتهم كاملة قط.
تُفحص الهرمونات والجلد أولًا.

## كيف تُجرى؟

يُرسم خط اللحية معك، وتُخدَّر المناطق، وتُزرع كل بصيلة بزاوية مائلة جدًا حتى ينمو الشعر الجديد
كشعر الوجه.

## التعافي أسبوعًا بأسبوع

- **الأسبوع الأول:** نقاط حمراء صغيرة وقشور؛ لا حلاقة.
- **الأسبوعان الثاني والثالث:** تسقط القشور، ويمكنك التهذيب بالمقص.
- **من الشهر الأول إلى الثالث:** يتساقط الشعر المزروع.
- **من الشهر الرابع إلى الثامن:** تنمو اللحية، ويمكنك الحلاقة كالمعتاد.

## المخاطر

احمرار وتورم مؤقتان في الخدين، وشعر تحت الجلد، وعدوى نادرة.""",
        },
        "duration": {
            "en": "4 to 6 hours",
            "tr": "4 ila 6 saat",
            "de": "4 bis 6 Stunden",
            "ar": "من 4 إلى 6 ساعات",
        },
        "anaesthesia": {
            "en": "Local anaesthesia",
            "tr": "Lokal anestezi",
            "de": "Örtliche Betäubung",
            "ar": "تخدير موضعي",
        },
        "recovery_time": {
            "en": "Back to work in 3 to 5 days",
            "tr": "3–5 günde işe dönüş",
            "de": "Nach 3 bis 5 Tagen wieder arbeitsfähig",
            "ar": "العودة إلى العمل خلال 3 إلى 5 أيام",
        },
        "includes_note": {},
        "price_from": 1500,
        "price_to": 2100,
        "includes": ("hotel", "transfer", "medication", "follow_up"),
        "doctors": ["selin-aksoy", "emre-kaya"],
        "articles": ["the-first-two-weeks-after-a-hair-transplant", "when-will-i-see-results"],
        "faqs": [
            {
                "en": (
                    "Will the transplanted beard grow like the rest?",
                    "Yes. The hairs keep the nature of their origin, so they may be a little "
                    "softer, but they grow for life and can be shaved and trimmed.",
                ),
                "tr": (
                    "Ekilen sakal diğerleri gibi uzar mı?",
                    "Evet. Kıllar geldikleri yerin özelliğini korur; biraz daha yumuşak "
                    "olabilirler ama ömür boyu uzar, tıraş edilip düzeltilebilirler.",
                ),
                "de": (
                    "Wächst der verpflanzte Bart wie der übrige?",
                    "Ja. Die Haare behalten die Art ihres Ursprungs und sind vielleicht etwas "
                    "weicher, wachsen aber lebenslang und lassen sich rasieren und kürzen.",
                ),
                "ar": (
                    "هل ينمو شعر اللحية المزروع كبقية اللحية؟",
                    "نعم. يحتفظ الشعر بطبيعة مكانه الأصلي، فقد يكون أنعم قليلًا، لكنه ينمو "
                    "مدى الحياة ويمكن حلاقته وتهذيبه.",
                ),
            },
            {
                "en": (
                    "When can I shave again?",
                    "After about ten days with scissors or a trimmer, and with a razor after "
                    "three weeks.",
                ),
                "tr": (
                    "Ne zaman yeniden tıraş olabilirim?",
                    "Yaklaşık on gün sonra makas ya da düzeltme makinesiyle, üç hafta sonra "
                    "ise jiletle.",
                ),
                "de": (
                    "Wann darf ich mich wieder rasieren?",
                    "Nach etwa zehn Tagen mit Schere oder Trimmer, mit dem Rasierer nach drei "
                    "Wochen.",
                ),
                "ar": (
                    "متى يمكنني الحلاقة مجددًا؟",
                    "بعد نحو عشرة أيام بالمقص أو ماكينة التهذيب، وبالشفرة بعد ثلاثة أسابيع.",
                ),
            },
            {
                "en": (
                    "Will there be scars on my face?",
                    "No visible ones: the openings are smaller than a millimetre and heal "
                    "within days.",
                ),
                "tr": (
                    "Yüzümde iz kalır mı?",
                    "Görünür iz kalmaz: açılan kanallar bir milimetreden küçüktür ve birkaç "
                    "günde iyileşir.",
                ),
                "de": (
                    "Bleiben Narben im Gesicht?",
                    "Keine sichtbaren: die Öffnungen sind kleiner als ein Millimeter und "
                    "heilen innerhalb weniger Tage.",
                ),
                "ar": (
                    "هل ستبقى ندبات على وجهي؟",
                    "لا ندبات ظاهرة: الفتحات أصغر من مليمتر وتلتئم في غضون أيام.",
                ),
            },
        ],
    },
    {
        "slug": "eyebrow-transplant",
        "name": {
            "en": "Eyebrow transplant",
            "tr": "Kaş ekimi",
            "de": "Augenbrauentransplantation",
            "ar": "زراعة الحواجب",
        },
        "summary": {
            "en": "Restores thin, over-plucked or scarred eyebrows with a few hundred fine "
            "single-hair grafts, shaped to your face.",
            "tr": "İnce, fazla alınmış ya da yara izli kaşları, yüzünüze göre şekillendirilen "
            "birkaç yüz ince tek kıllı greftle yeniden oluşturur.",
            "de": "Stellt dünne, zu stark gezupfte oder vernarbte Augenbrauen mit einigen "
            "hundert feinen Einzelhaar-Grafts wieder her, passend zu Ihrem Gesicht.",
            "ar": "يعيد بناء الحواجب الخفيفة أو المنتوفة بإفراط أو المتندبة ببضع مئات من "
            "البصيلات الدقيقة أحادية الشعرة، بشكل يناسب وجهك.",
        },
        "body": {
            "en": """## What is an eyebrow transplant?

Between 200 and 500 fine single hairs, usually from behind the ears or the nape, are placed one
by one in the eyebrows, following the direction brows grow in.

## Who does it suit?

Women and men whose brows are thin from plucking, scars, burns or ageing. Eyebrow loss from an
active medical condition is treated first.

## How is it done?

You approve the shape drawn by the doctor, the area is numbed, and each hair is placed almost
flat against the skin: upwards at the inner end, sideways along the arch.

## Recovery, week by week

- **Week 1:** tiny crusts; keep the brows dry for three days.
- **Weeks 2 to 4:** the crusts are gone; make-up may be used again.
- **Months 1 to 3:** the hairs shed.
- **Months 4 to 10:** the new brows grow; they need trimming like scalp hair.

## Risks

Mild swelling around the eyes for a few days, and rarely infection. The new hairs grow longer
than natural brows and need trimming.""",
            "tr": """## Kaş ekimi nedir?

Genellikle kulak arkasından ya da enseden alınan 200 ile 500 arası ince tek kıl, kaşların çıkış
yönüne uygun olarak kaşlara tek tek yerleştirilir.

## Kimler için uygundur?

Kaşları alma, yara izi, yanık ya da yaşlanma nedeniyle incelmiş kadın ve erkekler için. Aktif
bir hastalığa bağlı kaş kaybı önce tedavi edilir.

## Nasıl yapılır?

Doktorun çizdiği şekli onaylarsınız, bölge uyuşturulur ve her kıl cilde neredeyse yatık
yerleştirilir: iç uçta yukarı, kemer boyunca yana doğru.

## Hafta hafta iyileşme

- **1. hafta:** minik kabuklar; kaşları üç gün kuru tutun.
- **2–4. hafta:** kabuklar düşer; makyaj yeniden kullanılabilir.
- **1–3. ay:** kıllar dökülür.
- **4–10. ay:** yeni kaşlar çıkar; saç gibi düzeltilmeleri gerekir.

## Riskler

Birkaç gün göz çevresinde hafif şişlik ve nadiren enfeksiyon. Yeni kıllar doğal kaştan uzun
büyür ve düzeltilmesi gerekir.""",
            "de": """## Was ist eine Augenbrauentransplantation?

200 bis 500 feine Einzelhaare, meist von hinter den Ohren oder aus dem Nacken, werden einzeln in
die Brauen gesetzt, in der Wuchsrichtung der Augenbrauen.

## Für wen eignet sie sich?

Für Frauen und Männer, deren Brauen durch Zupfen, Narben, Verbrennungen oder das Alter dünn
geworden sind. Ein Brauenverlust durch eine aktive Erkrankung wird zuerst behandelt.

## Wie läuft sie ab?

Sie stimmen der vom Arzt gezeichneten Form zu, der Bereich wird betäubt, und jedes Haar wird
fast flach zur Haut eingesetzt: am inneren Ende nach oben, entlang des Bogens zur Seite.

## Heilung Woche für Woche

- **Woche 1:** winzige Krusten; die Brauen drei Tage trocken halten.
- **Wochen 2 bis 4:** die Krusten sind weg; Make-up ist wieder erlaubt.
- **Monate 1 bis 3:** die Haare fallen aus.
- **Monate 4 bis 10:** die neuen Brauen wachsen; sie müssen wie Kopfhaar gekürzt werden.

## Risiken

Einige Tage leichte Schwellung um die Augen und selten Infektionen. Die neuen Haare wachsen
länger als natürliche Brauen und müssen gekürzt werden.""",
            "ar": """## ما هي زراعة الحواجب؟

تُزرع بين 200 و500 شعرة دقيقة مفردة، تؤخذ عادةً من خلف الأذنين أو من مؤخرة العنق، واحدة تلو
الأخرى في الحاجبين باتجاه نمو الحواجب.

## لمن تناسب؟

للنساء والرجال الذين خفّت حواجبهم بسبب النتف أو الندبات أو الحروق أو التقدم في السن. أما فقدان
الحواجب الناتج عن مرض نشط فيُعالج أولًا.

## كيف تُجرى؟

توافق على الشكل الذي يرسمه الطبيب، وتُخدَّر المنطقة، وتُزرع كل شعرة شبه مستلقية على الجلد: إلى
الأعلى عند الطرف الداخلي، وإلى الجانب على امتداد القوس.

## التعافي أسبوعًا بأسبوع

- **الأسبوع الأول:** قشور صغيرة جدًا؛ أبقِ الحاجبين جافين ثلاثة أيام.
- **من الأسبوع الثاني إلى الرابع:** تزول القشور ويمكن استخدام المكياج مجددًا.
- **من الشهر الأول إلى الثالث:** يتساقط الشعر.
- **من الشهر الرابع إلى العاشر:** تنمو الحواجب الجديدة وتحتاج إلى تهذيب كشعر الرأس.

## المخاطر

تورم خفيف حول العينين لبضعة أيام، وعدوى نادرة. ينمو الشعر الجديد أطول من الحواجب الطبيعية ويحتاج
إلى تهذيب.""",
        },
        "duration": {
            "en": "3 to 4 hours",
            "tr": "3 ila 4 saat",
            "de": "3 bis 4 Stunden",
            "ar": "من 3 إلى 4 ساعات",
        },
        "anaesthesia": {
            "en": "Local anaesthesia",
            "tr": "Lokal anestezi",
            "de": "Örtliche Betäubung",
            "ar": "تخدير موضعي",
        },
        "recovery_time": {
            "en": "Back to work in 2 to 3 days",
            "tr": "2–3 günde işe dönüş",
            "de": "Nach 2 bis 3 Tagen wieder arbeitsfähig",
            "ar": "العودة إلى العمل خلال يومين إلى 3 أيام",
        },
        "includes_note": {},
        "price_from": 1200,
        "price_to": 1600,
        "includes": ("hotel", "transfer", "follow_up"),
        "doctors": ["selin-aksoy", "emre-kaya"],
        "articles": ["what-causes-hair-loss", "when-will-i-see-results"],
        "faqs": [
            {
                "en": (
                    "How many hairs are placed in each eyebrow?",
                    "Usually 100 to 250 per brow, depending on how much is missing and the "
                    "density you want.",
                ),
                "tr": (
                    "Her kaşa kaç kıl ekilir?",
                    "Eksikliğin miktarına ve istediğiniz yoğunluğa göre genellikle kaş başına "
                    "100 ile 250 kıl.",
                ),
                "de": (
                    "Wie viele Haare kommen in jede Braue?",
                    "Meist 100 bis 250 pro Braue, je nachdem, wie viel fehlt und welche Dichte "
                    "Sie sich wünschen.",
                ),
                "ar": (
                    "كم شعرة تُزرع في كل حاجب؟",
                    "عادةً من 100 إلى 250 شعرة لكل حاجب، بحسب مقدار النقص والكثافة التي تريدها.",
                ),
            },
            {
                "en": (
                    "Will I need to trim the new eyebrows?",
                    "Yes, about every two weeks: the hairs come from the scalp and keep "
                    "growing like scalp hair.",
                ),
                "tr": (
                    "Yeni kaşlarımı düzeltmem gerekecek mi?",
                    "Evet, yaklaşık iki haftada bir: kıllar saçlı deriden gelir ve saç gibi "
                    "uzamaya devam eder.",
                ),
                "de": (
                    "Muss ich die neuen Brauen kürzen?",
                    "Ja, etwa alle zwei Wochen: die Haare stammen von der Kopfhaut und wachsen "
                    "weiter wie Kopfhaar.",
                ),
                "ar": (
                    "هل سأحتاج إلى تهذيب الحواجب الجديدة؟",
                    "نعم، كل أسبوعين تقريبًا: فالشعر مأخوذ من فروة الرأس ويستمر في النمو كشعرها.",
                ),
            },
            {
                "en": (
                    "Can I have it after permanent make-up?",
                    "Yes. Pigment in the skin does not stop the grafts from growing; we "
                    "plan the shape around it.",
                ),
                "tr": (
                    "Kalıcı makyajdan sonra yaptırabilir miyim?",
                    "Evet. Ciltteki pigment greftlerin büyümesine engel olmaz; şekli ona göre "
                    "planlarız.",
                ),
                "de": (
                    "Geht das auch nach Permanent-Make-up?",
                    "Ja. Pigment in der Haut hindert die Grafts nicht am Wachsen; wir planen "
                    "die Form darum herum.",
                ),
                "ar": (
                    "هل يمكنني إجراؤها بعد المكياج الدائم؟",
                    "نعم. الصبغة في الجلد لا تمنع البصيلات من النمو، ونخطط للشكل مع مراعاتها.",
                ),
            },
        ],
    },
    {
        "slug": "prp-treatment",
        "name": {
            "en": "PRP treatment",
            "tr": "PRP tedavisi",
            "de": "PRP-Behandlung",
            "ar": "العلاج بالبلازما (PRP)",
        },
        "summary": {
            "en": "Platelet-rich plasma from your own blood, injected into the scalp to "
            "strengthen thinning hair and support a transplant's healing.",
            "tr": "Kendi kanınızdan elde edilen trombositten zengin plazma, incelen saçı "
            "güçlendirmek ve ekimin iyileşmesini desteklemek için saçlı deriye enjekte edilir.",
            "de": "Plättchenreiches Plasma aus Ihrem eigenen Blut, in die Kopfhaut gespritzt, "
            "um dünner werdendes Haar zu stärken und die Heilung nach einer Transplantation "
            "zu unterstützen.",
            "ar": "بلازما غنية بالصفائح الدموية من دمك أنت، تُحقن في فروة الرأس لتقوية الشعر "
            "الخفيف ودعم التئام الزراعة.",
        },
        "body": {
            "en": """## What is PRP?

A small amount of your blood is spun in a centrifuge to concentrate the platelets, which carry
growth factors. The plasma is then injected into the thinning areas of the scalp.

## Who does it suit?

People in the early stages of hair loss, patients after a transplant, and women with diffuse
thinning. It does not grow hair where the follicles are gone.

## How is it done?

Blood is taken like a routine blood test, prepared in about 15 minutes, and injected with fine
needles after a numbing cream. A course is three sessions a month apart.

## Recovery, week by week

- **Day 1:** slight tenderness of the scalp; you can wash your hair the next day.
- **Week 1:** back to all activities.
- **Months 3 to 6:** the effect on thickness becomes visible.

## Risks

Temporary soreness and small bruises where the needles went in. As the plasma is your own,
allergic reactions are not expected.""",
            "tr": """## PRP nedir?

Az miktarda kanınız santrifüjde döndürülerek büyüme faktörleri taşıyan trombositler
yoğunlaştırılır. Plazma daha sonra saçlı derinin incelen bölgelerine enjekte edilir.

## Kimler için uygundur?

Saç dökülmesinin erken evresindekiler, ekim sonrası hastalar ve yaygın incelmesi olan kadınlar
için. Saç kökünün kalmadığı yerde saç çıkarmaz.

## Nasıl yapılır?

Kan, rutin bir kan tahlilindeki gibi alınır, yaklaşık 15 dakikada hazırlanır ve uyuşturucu krem
sonrası ince iğnelerle enjekte edilir. Bir kür, aralarında bir ay olan üç seanstır.

## Hafta hafta iyileşme

- **1. gün:** saçlı deride hafif hassasiyet; ertesi gün saçınızı yıkayabilirsiniz.
- **1. hafta:** tüm etkinliklere dönüş.
- **3–6. ay:** kalınlıktaki etki görünür hâle gelir.

## Riskler

İğne yerlerinde geçici ağrı ve küçük morluklar. Plazma sizin kendinize ait olduğundan alerjik
reaksiyon beklenmez.""",
            "de": """## Was ist PRP?

Eine kleine Menge Ihres Blutes wird zentrifugiert, um die Blutplättchen zu konzentrieren, die
Wachstumsfaktoren tragen. Das Plasma wird dann in die dünner werdenden Bereiche der Kopfhaut
gespritzt.

## Für wen eignet sie sich?

Für Menschen im frühen Stadium des Haarausfalls, für Patienten nach einer Transplantation und
für Frauen mit diffusem Haarausfall. Wo keine Haarwurzeln mehr sind, lässt PRP kein Haar
wachsen.

## Wie läuft sie ab?

Das Blut wird wie bei einer Routine-Blutabnahme entnommen, in etwa 15 Minuten aufbereitet und
nach einer Betäubungscreme mit feinen Nadeln gespritzt. Eine Kur sind drei Sitzungen im Abstand
von einem Monat.

## Heilung Woche für Woche

- **Tag 1:** leichte Empfindlichkeit der Kopfhaut; am nächsten Tag dürfen Sie die Haare waschen.
- **Woche 1:** alle Aktivitäten sind wieder möglich.
- **Monate 3 bis 6:** die Wirkung auf die Haardicke wird sichtbar.

## Risiken

Vorübergehende Schmerzen und kleine Blutergüsse an den Einstichstellen. Da das Plasma Ihr
eigenes ist, sind allergische Reaktionen nicht zu erwarten.""",
            "ar": """## ما هو العلاج بالبلازما؟

تُدار كمية صغيرة من دمك في جهاز طرد مركزي لتركيز الصفائح الدموية التي تحمل عوامل النمو، ثم تُحقن
البلازما في مناطق فروة الرأس التي خفّ فيها الشعر.

## لمن يناسب؟

لمن هم في المراحل الأولى من تساقط الشعر، وللمرضى بعد الزراعة، وللنساء المصابات بترقق منتشر. لا
يُنبت الشعر حيث لم تعد البصيلات موجودة.

## كيف يُجرى؟

يُسحب الدم كما في تحليل الدم المعتاد، ويُحضَّر في نحو 15 دقيقة، ويُحقن بإبر دقيقة بعد كريم
مخدّر. يتكون العلاج من ثلاث جلسات يفصل بينها شهر.

## التعافي أسبوعًا بأسبوع

- **اليوم الأول:** حساسية خفيفة في فروة الرأس؛ يمكنك غسل شعرك في اليوم التالي.
- **الأسبوع الأول:** العودة إلى جميع الأنشطة.
- **من الشهر الثالث إلى السادس:** يظهر الأثر على كثافة الشعر.

## المخاطر

ألم مؤقت وكدمات صغيرة في أماكن الحقن. ولأن البلازما من دمك، لا يُتوقع حدوث تفاعلات تحسسية.""",
        },
        "duration": {
            "en": "45 minutes per session",
            "tr": "Seans başına 45 dakika",
            "de": "45 Minuten pro Sitzung",
            "ar": "45 دقيقة للجلسة",
        },
        "anaesthesia": {
            "en": "Numbing cream",
            "tr": "Uyuşturucu krem",
            "de": "Betäubungscreme",
            "ar": "كريم مخدّر",
        },
        "recovery_time": {
            "en": "Back to work the same day",
            "tr": "Aynı gün işe dönüş",
            "de": "Noch am selben Tag wieder arbeitsfähig",
            "ar": "العودة إلى العمل في اليوم نفسه",
        },
        "includes_note": {
            "en": "Three sessions, a month apart",
            "tr": "Aralarında bir ay olan üç seans",
            "de": "Drei Sitzungen im Abstand von einem Monat",
            "ar": "ثلاث جلسات يفصل بينها شهر",
        },
        "price_from": 300,
        "price_to": 750,
        "includes": ("follow_up",),
        "doctors": ["emre-kaya"],
        "articles": ["can-medicines-slow-hair-loss", "what-causes-hair-loss"],
        "faqs": [
            {
                "en": (
                    "How many PRP sessions do I need?",
                    "A first course of three sessions a month apart, then one session every "
                    "six to twelve months to keep the effect.",
                ),
                "tr": (
                    "Kaç seans PRP gerekir?",
                    "Aralarında bir ay olan üç seanslık ilk kür, ardından etkiyi korumak için "
                    "altı ila on iki ayda bir seans.",
                ),
                "de": (
                    "Wie viele PRP-Sitzungen brauche ich?",
                    "Eine erste Kur aus drei Sitzungen im Abstand von einem Monat, danach alle "
                    "sechs bis zwölf Monate eine Sitzung, um die Wirkung zu erhalten.",
                ),
                "ar": (
                    "كم جلسة بلازما أحتاج؟",
                    "دورة أولى من ثلاث جلسات يفصل بينها شهر، ثم جلسة كل ستة إلى اثني عشر "
                    "شهرًا للحفاظ على النتيجة.",
                ),
            },
            {
                "en": (
                    "Can PRP replace a hair transplant?",
                    "No. PRP strengthens hair that is still there; a transplant brings hair "
                    "back where it has gone. The two work well together.",
                ),
                "tr": (
                    "PRP saç ekiminin yerini tutar mı?",
                    "Hayır. PRP mevcut saçı güçlendirir; ekim ise saçın gittiği yere saç geri "
                    "getirir. İkisi birlikte iyi sonuç verir.",
                ),
                "de": (
                    "Kann PRP eine Haartransplantation ersetzen?",
                    "Nein. PRP stärkt vorhandenes Haar; eine Transplantation bringt Haar "
                    "dorthin zurück, wo keines mehr ist. Beides ergänzt sich gut.",
                ),
                "ar": (
                    "هل يمكن أن تغني البلازما عن زراعة الشعر؟",
                    "لا. تقوّي البلازما الشعر الموجود، أما الزراعة فتعيد الشعر حيث اختفى. "
                    "ويعمل الاثنان معًا بشكل جيد.",
                ),
            },
            {
                "en": (
                    "Who should not have PRP?",
                    "People with a blood clotting disorder, a low platelet count, an active "
                    "infection of the scalp, or who are pregnant. Tell us about any "
                    "blood-thinning medicine.",
                ),
                "tr": (
                    "Kimler PRP yaptırmamalı?",
                    "Pıhtılaşma bozukluğu, düşük trombosit sayısı ya da saçlı deride aktif "
                    "enfeksiyonu olanlar ve hamileler. Kan sulandırıcı ilaç kullanıyorsanız "
                    "bize söyleyin.",
                ),
                "de": (
                    "Wer sollte keine PRP-Behandlung bekommen?",
                    "Menschen mit einer Gerinnungsstörung, wenigen Blutplättchen, einer "
                    "akuten Infektion der Kopfhaut sowie Schwangere. Nennen Sie uns jedes "
                    "blutverdünnende Medikament.",
                ),
                "ar": (
                    "من لا يُنصح له بالعلاج بالبلازما؟",
                    "المصابون باضطراب في تخثر الدم أو انخفاض عدد الصفائح أو عدوى نشطة في "
                    "فروة الرأس، والحوامل. أخبرنا بأي دواء مميّع للدم تتناوله.",
                ),
            },
        ],
    },
]

TEXT_FIELDS = (
    "name",
    "summary",
    "body",
    "duration",
    "anaesthesia",
    "recovery_time",
    "includes_note",
)


def _fill_texts(obj, texts_by_field):
    """Each empty text in each language gets its demo text; an editor's text is kept."""
    changed = False
    for field, texts in texts_by_field.items():
        for language, text in texts.items():
            column = f"{field}_{language}"
            if not getattr(obj, column):
                setattr(obj, column, text)
                changed = True
    return changed


def _related_articles(slugs):
    """The English demo articles and their translations, so each language lists its own."""
    return Article.objects.filter(
        Q(slug__in=slugs, language="en") | Q(translation_of__slug__in=slugs)
    )


def seed(*, stdout):
    created = 0
    with translation.override("en"):
        for position, spec in enumerate(DEMO_TREATMENTS, start=1):
            treatment, was_created = Treatment.objects.get_or_create(
                name=spec["name"]["en"],
                defaults={
                    "slug": spec["slug"],
                    "position": position * 10,
                    "price_from": spec["price_from"],
                    "price_to": spec["price_to"],
                    "currency": "EUR",
                    **{f"includes_{item}": True for item in spec["includes"]},
                },
            )
            created += was_created
            texts = {field: spec[field] for field in TEXT_FIELDS}
            changed = _fill_texts(treatment, texts)
            if treatment.price_from is None:
                # A treatment without prices (from an earlier demo): the demo's prices and
                # inclusions.
                treatment.price_from, treatment.price_to = spec["price_from"], spec["price_to"]
                for item in spec["includes"]:
                    setattr(treatment, f"includes_{item}", True)
                changed = True
            if changed:
                treatment.save()
            if not treatment.faqs.exists():
                for faq_position, faq in enumerate(spec["faqs"], start=1):
                    TreatmentFAQ.objects.create(
                        treatment=treatment,
                        position=faq_position * 10,
                        **{
                            f"{field}_{language}": faq[language][index]
                            for language in LANGUAGES
                            for index, field in enumerate(("question", "answer"))
                        },
                    )
            if not treatment.doctors.exists():
                treatment.doctors.set(Doctor.objects.filter(slug__in=spec["doctors"]))
            if not treatment.related_articles.exists():
                treatment.related_articles.set(_related_articles(spec["articles"]))
    if created:
        stdout.write(f"treatments: {created} added")
    demo_results.seed(stdout=stdout)
