"""
The demo's texts in Turkish, German and Arabic: the categories, the doctors' titles and
biographies, and three articles written for each language's readers (adapted, not translated
word for word). English is in blog/demo/__init__.py.
"""

CATEGORIES = {
    "hair-loss": {
        "tr": {
            "name": "Saç dökülmesi",
            "description": "Saçlar neden incelir ve dökülür, doktor nedeni nasıl bulur?",
        },
        "de": {
            "name": "Haarausfall",
            "description": "Warum Haare dünner werden und ausfallen und wie die Ursache "
            "ärztlich geklärt wird.",
        },
        "ar": {
            "name": "تساقط الشعر",
            "description": "لماذا يضعف الشعر ويتساقط، وكيف يحدد الطبيب السبب.",
        },
    },
    "hair-transplant": {
        "tr": {
            "name": "Saç ekimi",
            "description": "Saç ekimi nasıl planlanır ve yapılır, hangi sonuçlar beklenebilir?",
        },
        "de": {
            "name": "Haartransplantation",
            "description": "Wie eine Haartransplantation geplant und durchgeführt wird und "
            "welche Ergebnisse realistisch sind.",
        },
        "ar": {
            "name": "زراعة الشعر",
            "description": "كيف يُخطَّط لزراعة الشعر وكيف تُجرى، وما النتائج المتوقعة.",
        },
    },
    "recovery": {
        "tr": {
            "name": "İyileşme ve bakım",
            "description": "İşlemden sonraki günler ve aylar: bakım, iyileşme ve yeni saçlar.",
        },
        "de": {
            "name": "Heilung und Nachsorge",
            "description": "Die Tage und Monate nach dem Eingriff: Pflege, Heilung und "
            "Nachwachsen.",
        },
        "ar": {
            "name": "التعافي والعناية",
            "description": "الأيام والأشهر التي تلي العملية: العناية والالتئام ونمو الشعر.",
        },
    },
}

DOCTORS = {
    "selin-aksoy": {
        "tr": {
            "title": "Prof. Dr.",
            "specialty": "Plastik, rekonstrüktif ve estetik cerrahi",
            "bio": "Prof. Dr. Selin Aksoy on beş yılı aşkın süredir saç restorasyonu "
            "cerrahisiyle ilgileniyor. Cerrahi ekibi yönetiyor ve her ekimi, operasyon gününden "
            "önce hastayla birlikte planlıyor.\n\n"
            "Uzmanlık eğitimi alan cerrahlara saç restorasyonu teknikleri öğretiyor.",
        },
        "de": {
            "title": "Prof. Dr.",
            "specialty": "Plastische, rekonstruktive und ästhetische Chirurgie",
            "bio": "Prof. Dr. Selin Aksoy ist seit mehr als fünfzehn Jahren in der "
            "Haarchirurgie tätig. Sie leitet das Operationsteam und bespricht jede "
            "Transplantation vor dem Eingriff persönlich mit der Patientin oder dem Patienten."
            "\n\nAngehenden Chirurginnen und Chirurgen vermittelt sie die Techniken der "
            "Haarwiederherstellung.",
        },
        "ar": {
            "title": "أ. د.",
            "specialty": "الجراحة التجميلية والترميمية",
            "bio": "تعمل الأستاذة الدكتورة سيلين أكسوي في جراحة استعادة الشعر منذ أكثر من خمسة "
            "عشر عامًا. تقود الفريق الجراحي، وتخطط لكل عملية زراعة مع المريض قبل يوم العملية."
            "\n\nكما تدرّس تقنيات استعادة الشعر للجراحين المتدربين.",
        },
    },
    "emre-kaya": {
        "tr": {
            "title": "Dr.",
            "specialty": "Dermatoloji",
            "bio": "Dr. Emre Kaya, herhangi bir tedaviye karar verilmeden önce saç dökülmesinin "
            "nedenini araştıran bir dermatolog. Hastalarını ilaç tedavisi ve iyileşme süreci "
            "boyunca takip ediyor.",
        },
        "de": {
            "title": "Dr.",
            "specialty": "Dermatologie",
            "bio": "Dr. Emre Kaya ist Dermatologe. Bevor eine Behandlung gewählt wird, klärt er "
            "die Ursache des Haarausfalls, und er begleitet Patientinnen und Patienten durch "
            "die medikamentöse Therapie und die Heilung.",
        },
        "ar": {
            "title": "د.",
            "specialty": "الأمراض الجلدية",
            "bio": "الدكتور أمره كايا طبيب جلدية يشخّص سبب تساقط الشعر قبل اختيار أي علاج، "
            "ويتابع مرضاه خلال العلاج الدوائي وفترة التعافي.",
        },
    },
    "deniz-arslan": {
        "tr": {
            "title": "Doç. Dr.",
            "specialty": "Anesteziyoloji",
            "bio": "Doç. Dr. Deniz Arslan anesteziden ve hasta güvenliğinden sorumlu.",
        },
        "de": {
            "title": "Priv.-Doz. Dr.",
            "specialty": "Anästhesiologie",
            "bio": "Priv.-Doz. Dr. Deniz Arslan verantwortet die Anästhesie und die Sicherheit "
            "unserer Patientinnen und Patienten.",
        },
        "ar": {
            "title": "أ. م. د.",
            "specialty": "التخدير",
            "bio": "الدكتور دنيز أرسلان مسؤول عن التخدير وسلامة المرضى.",
        },
    },
}

# Translations of three English demo articles, by the English article's slug. Each has its own
# slug in its language.
ARTICLES = {
    "what-causes-hair-loss": {
        "tr": {
            "slug": "sac-dokulmesinin-nedenleri",
            "title": "Saç dökülmesinin nedenleri neler, ne zaman doktora gitmeli?",
            "summary": "Saç dökülmesinin sık görülen nedenleri, doktora görünmeyi gerektiren "
            "belirtiler ve ilk muayenede neler olduğu.",
            "body": """Her gün bir miktar saç dökülmesi normaldir: eski saçlar yerini yenilerine
bırakırken çoğu insan günde 50 ila 100 tel saç kaybeder. Saçlar daha ince, daha yavaş
çıkmaya başladığında ya da hiç çıkmadığında dökülme bir sorun haline gelir.

## En sık nedenler hangileri?

Kadınlarda da erkeklerde de en sık neden **androgenetik alopesi**, yani saç köklerinin
androjen hormonlarına karşı kalıtsal hassasiyetidir. Yıllar içinde etkilenen kökler daha ince
ve kısa saçlar üretir, bir kısmı sonunda görünür saç üretmeyi bırakır.

Diğer nedenler:

- **Telojen effluvium**: yüksek ateş, ameliyat, doğum, sıkı bir diyet ya da ağır stresten iki
  üç ay sonra başlayan ani ve yaygın dökülme. Genellikle kendiliğinden geçer.
- **Alopesi areata** (saçkıran): yuvarlak, pürüzsüz açıklıklar bırakan otoimmün bir hastalık.
- **Tiroid hastalıkları ve demir eksikliği**: bir kan testiyle anlaşılabilir.

## Doktor nedeni nasıl bulur?

Muayene; dökülmenin ne zaman başladığı, nasıl ilerlediği, genel sağlığınız, kullandığınız
ilaçlar ve ailenizdeki saç dökülmesi hakkındaki sorularla başlar. Ardından doktor saçlı deriyi
çoğu zaman dermatoskop denen büyüteçli bir cihazla inceler ve gerekirse kan tahlili ister.

## Ne zaman doktora gitmelisiniz?

Saçınız aniden ya da bölge bölge dökülüyorsa, saçlı deriniz kaşınıyor, ağrıyor veya
kızarıyorsa ya da dökülme sizi endişelendiriyorsa bir doktora görünün. Erken tanı önemlidir:
kalıtsal dökülmeyi yavaşlatmak, geri döndürmekten çok daha kolaydır.
""",
        },
        "de": {
            "slug": "ursachen-fuer-haarausfall",
            "title": "Haarausfall: Welche Ursachen gibt es, und wann sollten Sie zum Arzt?",
            "summary": "Die häufigsten Ursachen für Haarausfall, Warnzeichen, die ärztlich "
            "abgeklärt werden sollten, und was beim ersten Termin geschieht.",
            "body": """Ein gewisser Haarverlust ist völlig normal: Die meisten Menschen verlieren
täglich 50 bis 100 Haare, weil alte Haare neuen Platz machen. Bedenklich wird es, wenn das
Haar dünner oder langsamer nachwächst oder gar nicht mehr.

## Was sind die häufigsten Ursachen?

Bei Männern wie Frauen steht der **erblich bedingte Haarausfall** (androgenetische Alopezie)
an erster Stelle: Die Haarwurzeln reagieren empfindlich auf männliche Hormone, die Androgene.
Über die Jahre bilden sie immer feinere und kürzere Haare, manche schließlich gar keine mehr.

Weitere Ursachen sind:

- **Telogenes Effluvium**: plötzlicher, diffuser Haarausfall zwei bis drei Monate nach hohem
  Fieber, einer Operation, einer Geburt, einer strengen Diät oder großer Belastung. Er legt
  sich meist von selbst.
- **Kreisrunder Haarausfall** (Alopecia areata), eine Autoimmunerkrankung.
- **Schilddrüsenerkrankungen und Eisenmangel**, die eine Blutuntersuchung aufdeckt.

## Wie findet die Ärztin oder der Arzt die Ursache?

Am Anfang stehen Fragen: Seit wann fallen die Haare aus, wie hat es sich entwickelt, welche
Medikamente nehmen Sie, gibt es Haarausfall in der Familie? Danach wird die Kopfhaut
untersucht, oft mit einem Auflichtmikroskop (Dermatoskop), bei Bedarf ergänzt durch Blutwerte.

## Wann sollten Sie ärztlichen Rat suchen?

Wenn die Haare plötzlich oder stellenweise ausfallen, wenn die Kopfhaut juckt, schmerzt oder
gerötet ist, oder wenn Sie der Haarausfall beunruhigt. Je früher die Diagnose, desto besser:
Erblichen Haarausfall zu bremsen ist leichter, als verlorenes Haar zurückzugewinnen.
""",
        },
    },
    "fue-or-dhi": {
        "tr": {
            "slug": "fue-mi-dhi-mi",
            "title": "FUE mi, DHI mı? İki teknik arasındaki fark ne?",
            "summary": "Saç köklerini almanın ve yerleştirmenin iki yolu yan yana: cerrah hangi "
            "tekniği neye göre seçer?",
            "body": """İki teknikte de birer ile dörder saçtan oluşan foliküler üniteler, donör
bölgeden seyrelen bölgeye tek tek taşınır. Aralarındaki asıl fark, köklerin nasıl
yerleştirildiğidir.

## FUE nasıl yapılır?

**FUE (foliküler ünite ekstraksiyonu)** tekniğinde cerrah, kökleri ince bir mikro motorla tek
tek alır. Ardından ekim yapılacak bölgede küçük kanallar açılır ve greftler bu kanallara
yerleştirilir.

## DHI nasıl yapılır?

**DHI (direkt saç ekimi)** tekniğinde kökler aynı şekilde alınır, ancak kalem benzeri bir
implanter ile yerleştirilir: kanal açma ve ekim tek harekette yapılır.

## Hangisi daha iyi sonuç verir?

Her hasta için daha iyi olan tek bir teknik yoktur. Sonucu belirleyen, yöntemin adından çok
dikkatli planlama, ekibin deneyimi ve donör bölgenin durumudur. DHI mevcut saçların arasını
sıklaştırmakta işe yarar; FUE ise tek seansta daha geniş bir alanın kapatılmasına olanak tanır.
""",
        },
        "de": {
            "slug": "fue-oder-dhi",
            "title": "FUE oder DHI: Worin unterscheiden sich die Methoden?",
            "summary": "Zwei Wege, Haarfollikel zu entnehmen und einzusetzen, im Vergleich, und "
            "wonach die Chirurgin oder der Chirurg entscheidet.",
            "body": """Bei beiden Methoden werden einzelne follikuläre Einheiten, kleine Gruppen
aus einem bis vier Haaren, vom Spenderbereich in die lichten Stellen verpflanzt. Der
wesentliche Unterschied liegt darin, wie die Follikel eingesetzt werden.

## Wie läuft eine FUE ab?

Bei der **Follikulären Unit Extraktion (FUE)** werden die Einheiten mit einer feinen Hohlnadel
einzeln entnommen. Anschließend werden im Empfängerbereich winzige Kanäle angelegt, in die die
Grafts eingesetzt werden.

## Wie läuft eine DHI ab?

Bei der **Direkten Haarimplantation (DHI)** werden die Follikel genauso entnommen, dann aber
mit einem stiftartigen Implanter eingesetzt, der Kanal und Einsetzen in einem Schritt
erledigt.

## Welche Methode liefert das bessere Ergebnis?

Keine Methode ist für jeden die bessere. Entscheidend sind eine sorgfältige Planung, die
Erfahrung des Teams und der Zustand des Spenderbereichs, weit mehr als der Name des
Verfahrens. Die DHI eignet sich, um zwischen vorhandenen Haaren zu verdichten; mit der FUE
lassen sich in einer Sitzung größere Flächen versorgen.
""",
        },
    },
    "the-first-two-weeks-after-a-hair-transplant": {
        "tr": {
            "slug": "sac-ekiminden-sonraki-ilk-iki-hafta",
            "title": "Saç ekiminden sonraki ilk iki haftada neler olur?",
            "summary": "Gün gün yıkama, uyku, şişlik ve kabuklanma; kliniği aramanız gereken "
            "belirtiler.",
            "body": """İlk iki hafta, ekilen greftlerin yerine tutunduğu dönemdir. Bu süreçte
kliniğin talimatlarına dikkatle uymak, sonucu korumanın en iyi yoludur.

## İlk üç günde neler beklemeliyim?

Alında hafif şişlik sık görülür ve genellikle birkaç günde geçer. Greftlerin çevresinde küçük
kabuklar oluşur. Başınızı yüksekte tutarak uyuyun, ekim bölgesine dokunmayın ve yalnızca
doktorunuzun verdiği ilaçları kullanın.

## Saçımı ne zaman ve nasıl yıkayabilirim?

İlk yıkamayı genellikle klinik yapar ya da nasıl yapılacağını gösterir. Sonrasında ekim
bölgesini ovalamadan, tarif edildiği gibi nazikçe yıkayın ve saçınızı kendi halinde kurumaya
bırakın.

## Hangi belirtilerde kliniği aramalıyım?

Artan ağrı, yayılan kızarıklık, iltihap, ateş ya da hafif bastırmayla durmayan kanama fark
ederseniz kliniği arayın. Bunlar seyrek görülür; erken alınan bir tavsiye işinizi kolaylaştırır.
""",
        },
        "de": {
            "slug": "die-ersten-zwei-wochen-nach-der-haartransplantation",
            "title": "Was passiert in den ersten zwei Wochen nach einer Haartransplantation?",
            "summary": "Haare waschen, schlafen, Schwellungen und Krusten: was Sie nach der "
            "Haartransplantation erwartet und wann Sie die Klinik anrufen sollten.",
            "body": """In den ersten zwei Wochen wachsen die verpflanzten Grafts an. Wer sich in
dieser Zeit genau an die Anweisungen der Klinik hält, schützt das Ergebnis.

## Was erwartet mich in den ersten drei Tagen?

Eine leichte Schwellung der Stirn ist häufig und klingt meist nach wenigen Tagen ab. Um die
Grafts bilden sich kleine Krusten. Schlafen Sie mit erhöhtem Kopf, berühren Sie den
behandelten Bereich nicht und nehmen Sie nur die verordneten Medikamente ein.

## Wann und wie darf ich die Haare waschen?

Die erste Haarwäsche übernimmt meist die Klinik oder erklärt sie Ihnen genau. Danach waschen
Sie vorsichtig nach Anleitung, ohne den Empfängerbereich zu reiben, und lassen das Haar an der
Luft trocknen.

## Bei welchen Anzeichen sollte ich die Klinik anrufen?

Rufen Sie an, wenn Schmerzen zunehmen, sich eine Rötung ausbreitet, Eiter austritt, Sie
Fieber bekommen oder eine Blutung trotz leichtem Druck nicht aufhört. Das ist selten, und ein
früher Rat hilft.
""",
        },
        "ar": {
            "slug": "al-usbuan-al-awwalan-baad-zirat-al-shaar",
            "title": "ماذا يحدث في الأسبوعين الأولين بعد زراعة الشعر؟",
            "summary": "الغسل والنوم والتورّم والقشور بعد زراعة الشعر، والعلامات التي تستدعي "
            "الاتصال بالعيادة.",
            "body": """في الأسبوعين الأولين تثبت البصيلات المزروعة في مكانها الجديد، والالتزام
الدقيق بتعليمات العيادة خلال هذه الفترة هو أفضل ما تحمي به نتيجتك.

## ماذا أتوقع في الأيام الثلاثة الأولى؟

من الشائع أن يظهر تورّم خفيف في الجبهة يزول عادةً خلال أيام قليلة، وأن تتكوّن قشور صغيرة حول
البصيلات. نَم ورأسك مرفوع، ولا تلمس المنطقة المزروعة، ولا تتناول إلا الأدوية التي وصفها لك
الطبيب.

## متى وكيف أغسل شعري؟

تتولى العيادة عادةً الغسلة الأولى أو تشرح لك طريقتها. بعد ذلك اغسل شعرك برفق كما هو موضّح لك
من دون فرك المنطقة المزروعة، واتركه يجف في الهواء.

## متى أعود إلى العمل والرياضة؟

يعود كثير من المرضى إلى الأعمال المكتبية خلال أيام قليلة. تجنّب التمارين الشاقة والسباحة
والساونا وأشعة الشمس المباشرة على فروة الرأس طوال المدة التي يحددها طبيبك، وهي عادةً بضعة
أسابيع.

## ما العلامات التي تستدعي الاتصال بالعيادة؟

اتصل بالعيادة إذا لاحظت ألمًا متزايدًا، أو احمرارًا ينتشر، أو صديدًا، أو حمّى، أو نزيفًا لا
يتوقف بالضغط الخفيف. هذه الحالات نادرة، والاستشارة المبكرة تساعد.
""",
        },
    },
}


# What the team page shows of each doctor, per language.
DOCTOR_TEAM_FACTS = {
    "selin-aksoy": {
        "tr": {
            "languages_spoken": "İngilizce, Türkçe, Almanca",
            "memberships": (
                "Uluslararası Saç Restorasyonu Cerrahisi Derneği (ISHRS)\n"
                "Türk Plastik, Rekonstrüktif ve Estetik Cerrahi Derneği"
            ),
        },
        "de": {
            "languages_spoken": "Englisch, Türkisch, Deutsch",
            "memberships": (
                "International Society of Hair Restoration Surgery (ISHRS)\n"
                "Türkische Gesellschaft für Plastische, Rekonstruktive und Ästhetische Chirurgie"
            ),
        },
        "ar": {
            "languages_spoken": "الإنجليزية، التركية، الألمانية",
            "memberships": (
                "الجمعية الدولية لجراحة استعادة الشعر (ISHRS)\n"
                "الجمعية التركية لجراحة التجميل والترميم"
            ),
        },
    },
    "emre-kaya": {
        "tr": {
            "languages_spoken": "İngilizce, Türkçe, Arapça",
            "memberships": (
                "Türk Dermatoloji Derneği\nAvrupa Dermatoloji ve Venereoloji Akademisi (EADV)"
            ),
        },
        "de": {
            "languages_spoken": "Englisch, Türkisch, Arabisch",
            "memberships": (
                "Türkische Gesellschaft für Dermatologie\n"
                "Europäische Akademie für Dermatologie und Venerologie (EADV)"
            ),
        },
        "ar": {
            "languages_spoken": "الإنجليزية، التركية، العربية",
            "memberships": (
                "الجمعية التركية للأمراض الجلدية\n"
                "الأكاديمية الأوروبية للأمراض الجلدية والتناسلية (EADV)"
            ),
        },
    },
    "deniz-arslan": {
        "tr": {
            "languages_spoken": "İngilizce, Türkçe",
            "memberships": (
                "Türk Anesteziyoloji ve Reanimasyon Derneği\n"
                "Avrupa Anesteziyoloji ve Yoğun Bakım Derneği (ESAIC)"
            ),
        },
        "de": {
            "languages_spoken": "Englisch, Türkisch",
            "memberships": (
                "Türkische Gesellschaft für Anästhesiologie und Reanimation\n"
                "Europäische Gesellschaft für Anästhesiologie und Intensivmedizin (ESAIC)"
            ),
        },
        "ar": {
            "languages_spoken": "الإنجليزية، التركية",
            "memberships": (
                "الجمعية التركية للتخدير والإنعاش\n"
                "الجمعية الأوروبية للتخدير والعناية المركزة (ESAIC)"
            ),
        },
    },
}
