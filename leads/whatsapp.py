"""A WhatsApp chat with the patient, opened from the queue with a first message already typed."""

from urllib.parse import urlencode

from leads.models import Lead

# A short first message for WhatsApp, in the language of the page the patient used.
WHATSAPP_GREETINGS = {
    "en": "Hello {name}, this is {clinic}. You asked us to call you back: is now a good time?",
    "tr": "Merhaba {name}, {clinic} olarak yazıyoruz. Sizi geri aramamızı istemiştiniz: "
    "şimdi uygun musunuz?",
    "de": "Hallo {name}, hier ist {clinic}. Sie hatten um einen Rückruf gebeten: "
    "passt es Ihnen gerade?",
    "fr": "Bonjour {name}, ici {clinic}. Vous nous avez demandé de vous rappeler : "
    "est-ce un bon moment ?",
    "es": "Hola {name}, le escribimos de {clinic}. Nos pidió que le llamáramos: "
    "¿le viene bien ahora?",
    "it": "Buongiorno {name}, siamo {clinic}. Ci ha chiesto di richiamarla: è un buon momento?",
    "nl": "Hallo {name}, u spreekt met {clinic}. U vroeg ons u terug te bellen: komt het nu uit?",
    "ru": "Здравствуйте, {name}! Это {clinic}. Вы просили перезвонить вам: вам сейчас удобно?",
    "ar": "مرحبًا {name}، معك {clinic}. لقد طلبت منا معاودة الاتصال بك: هل الوقت مناسب الآن؟",
}


def whatsapp_greeting(*, lead: Lead, clinic_name: str) -> str:
    language = (lead.language or "en").split("-")[0].lower()
    template = WHATSAPP_GREETINGS.get(language, WHATSAPP_GREETINGS["en"])
    first_name = lead.name.split()[0] if lead.name.split() else ""
    return template.format(name=first_name, clinic=clinic_name).replace("  ", " ")


def whatsapp_url(*, lead: Lead, clinic_name: str) -> str:
    """
    A wa.me link that opens a chat with the patient, the greeting already typed; nothing when
    the patient did not tick "You may contact me on WhatsApp": their choice, not ours.
    """
    if not lead.whatsapp_ok:
        return ""
    number = lead.phone.as_e164.lstrip("+") if lead.phone else ""
    if not number:
        return ""
    text = whatsapp_greeting(lead=lead, clinic_name=clinic_name)
    return f"https://wa.me/{number}?{urlencode({'text': text})}"
