"""The text of the demo StandardPages, written from Luton's Annual Public Health Report 2024.

Figures and names come from the report (and the ward table in ``data/``). Wording the
report does not contain (the accessibility statement, the privacy notice, the notes
about this site) is marked as demo content on the page itself.
"""

from pathlib import Path

from django.conf import settings

DATA_DIR = Path(__file__).resolve().parent / "data"

DEMO_NOTE = (
    "<p><strong>Demo content.</strong> This page was written for the demonstration copy "
    "of the site from Luton's Annual Public Health Report 2024.</p>"
)
DEMO_POLICY_NOTE = (
    "<p><strong>Demo content.</strong> This page describes how this copy of the site "
    "works. Luton Borough Council should review it before the site is used by the "
    "public.</p>"
)


def heading(text, level="h2"):
    return ("heading", {"text": text, "level": level})


def paragraph(html):
    return ("paragraph", html)


def quote(text, attribution=""):
    return ("quote", {"quote": text, "attribution": attribution})


def table(rows, caption="", first_col_is_header=False):
    return (
        "table",
        {
            "data": rows,
            "first_row_is_table_header": True,
            "first_col_is_header": first_col_is_header,
            "table_caption": caption,
        },
    )


ABOUT = {
    "slug": "about",
    "title": "About the Health Equity Town",
    "show_in_menus": True,
    "introduction": "Since 2021 Luton has been England's first Marmot Town. The council, "
    "the NHS, businesses, housing, the voluntary sector and the university work together "
    "to make health fairer for everyone who lives here.",
    "body": lambda principles_page: [
        heading("Luton 2040"),
        paragraph(
            "<p>Luton's town-wide vision is that by 2040 Luton will be <strong>a healthy, "
            "fair and sustainable town where everyone can thrive and no one has to live in "
            "poverty</strong>. Tackling health inequalities is one of the pillars that will "
            "deliver it.</p>"
            "<p>In 2019 the Indices of Multiple Deprivation ranked Luton the 70th most "
            "deprived of England's 317 local authorities. Deprivation is not equal across "
            "the town: some wards are among the most deprived areas in the country, and "
            "child poverty is high.</p>"
        ),
        heading("What being a Health Equity Town means"),
        paragraph(
            "<p>Being a Marmot Place, or Health Equity Town, shows Luton's commitment to "
            "addressing health inequalities. Luton is one of 50 Marmot Places across "
            "England, Wales and Scotland, and works with the Institute of Health Equity on "
            "recommendations and actions for each of the eight Marmot policy objectives.</p>"
            "<p>It is also the framework the town uses to deliver its Joint Health and "
            "Wellbeing Strategy, Luton's Population Wellbeing Strategy. Taking a life course "
            "approach, it starts with a healthy start to life and builds on critical "
            "stages: becoming a working-age adult and growing older.</p>"
        ),
        quote(
            "We know that health inequalities are stubborn and complex and cannot be "
            "addressed by one organisation.",
            "Acting Directors of Public Health, Annual Public Health Report 2024",
        ),
        heading("The Health Equity System"),
        paragraph(
            "<p>The Health Equity System includes the local authority, the voluntary, "
            "community, faith and social enterprise (VCSFE) and private sectors, healthcare "
            "and other public services. The Place Board, the Children's Trust Board and the "
            "Health Equity Town Board drive and focus its action.</p>"
            "<p>Partners include the Integrated Care Board, East London Foundation Trust, "
            "the University of Bedfordshire, community and faith organisations, small "
            "businesses, professionals and residents.</p>"
        ),
        heading("Our priorities"),
        paragraph(
            "<p>To put the eight principles into practice, partners work together on the "
            "Health Equity Town priorities. Each is chaired by a subject matter expert and "
            "supported by Public Health:</p>"
            "<ul><li>Business, Employment, Skills and Health</li>"
            "<li>Children and Young People</li>"
            "<li>Housing and Health</li>"
            "<li>Net zero</li></ul>"
        ),
        heading("Differences between wards"),
        paragraph(
            "<p>The Social Progress Index measures quality of life without economic "
            "indicators: basic human needs, foundations of wellbeing and opportunity. Wards "
            "with better social outcomes tend to be more affluent. Central ward has the "
            "lowest score and the lowest disposable income; Barnfield the highest "
            "income.</p>"
        ),
        heading("About this site"),
        paragraph(
            "<p>The report describes this microsite as a single point of access where the "
            "health equity system shares good practice and tells residents, partners, "
            "businesses and other stakeholders about its actions, projects and programmes "
            "and the difference they make.</p>"
        ),
        *(
            [
                (
                    "call_to_action",
                    {
                        "heading": "The eight Marmot principles",
                        "text": "What each principle means and how Luton measures progress.",
                        "link_text": "Read about the principles",
                        "page": principles_page,
                        "url": "",
                    },
                )
            ]
            if principles_page
            else []
        ),
        paragraph(DEMO_NOTE),
    ],
}

PRINCIPLE_TEXT = {
    1: "<p>Getting a good start in life leads to better health later on. The Early Years "
    "Foundation Stage supports children's emotional health, language, physical and social "
    "development. The Start for Life programme focuses on the first 1,001 days of a "
    "child's life, and Luton's Family Hubs offer sessions, advice and guidance to every "
    "family.</p>",
    2: "<p>Better educational outcomes are more likely to lead to better health. Luton "
    "tracks Attainment 8 and Progress 8 scores, children attending good or outstanding "
    "schools, and hospital admissions for self-harm among young people.</p>",
    3: "<p>Good employment protects health; unstable or poor work harms it. Luton tracks "
    "the unemployment claimant count, the share of employees paid below the living wage, "
    "and its own Minimum Income Standard, which shows that more than half of Luton's "
    "households are below the financial quality of life line.</p>",
    4: "<p>High living costs limit access to the building blocks of health such as good "
    "housing and healthy food. A warm, safe home reduces respiratory and heart conditions "
    "and supports mental health. Luton tracks fuel poverty and children in workless "
    "households.</p>",
    5: "<p>Healthy places support healthy lives. The Luton Healthy Estates Strategy aims "
    "to improve the health and wellbeing of tenants, and the town tracks households in "
    "temporary accommodation.</p>",
    6: "<p>Intervening earlier to reduce or prevent poor health helps people live longer, "
    "healthier lives. Smoking is still the leading cause of avoidable ill health and death "
    "in the UK. Luton tracks smoking, adult obesity and loneliness.</p>",
    7: "<p>The evaluation of Luton's first years as a Marmot Place recommends a systematic "
    "approach to addressing structural racism, developing solutions with community "
    "organisations, and clear indicators for measuring progress on racial equity.</p>",
    8: "<p>Environmental conditions shape health. Air pollution affects most organs in the "
    "body, and people from Black, Black British, Caribbean or African backgrounds are five "
    "times more likely to live in the most polluted areas. A net zero group works on fuel "
    "poverty and cold homes.</p>",
}

PRINCIPLES = {
    "slug": "marmot-principles",
    "title": "The eight Marmot principles",
    "show_in_menus": False,
    "introduction": "Luton's health equity system works to eight policy objectives, known "
    "as the Marmot principles. Every case study and project on this site says which of "
    "them it supports.",
    "body": lambda principles: [
        *[
            block
            for principle in principles
            for block in (
                heading(f"{principle.number}. {principle.name}"),
                paragraph(PRINCIPLE_TEXT.get(principle.number, "")),
            )
            if block[1]
        ],
        heading("How Luton measures progress"),
        paragraph(
            "<p>A dashboard maps indicators to the policy areas and compares Luton with "
            "England, its nearest statistical neighbours and the East of England. Healthy "
            "life expectancy is a key overall measure: in Luton it is 59.2 years for men "
            "and 60 years for women, against England averages of 63.1 and 65 years.</p>"
        ),
        paragraph(DEMO_NOTE),
    ],
}

ACCESSIBILITY = {
    "slug": "accessibility-statement",
    "title": "Accessibility statement",
    "show_in_menus": False,
    "introduction": "We want everyone to be able to use this site, including people who "
    "use a screen reader, a keyboard, magnification or a phone.",
    "body": lambda: [
        heading("How accessible this site is"),
        paragraph(
            "<p>This site aims to meet the Web Content Accessibility Guidelines (WCAG) "
            "version 2.2 at level AA. You should be able to:</p>"
            "<ul><li>zoom in up to 400% and read the text without scrolling sideways</li>"
            "<li>use the site on a screen 320 pixels wide</li>"
            "<li>move through every page using only a keyboard, starting with a link "
            "that skips to the main content</li>"
            "<li>use every page without JavaScript</li>"
            "<li>print any page without the menus</li></ul>"
        ),
        heading("How we test it"),
        paragraph(
            "<p>Every change to the site runs automated tests before it is released:</p>"
            "<ul><li>axe-core checks each type of page against WCAG 2.0, 2.1 and 2.2 "
            "levels A and AA in a real Chromium browser</li>"
            "<li>the Nu HTML Checker checks that the pages are valid HTML</li>"
            "<li>a test reaches the main content through the skip link using the keyboard"
            "</li></ul>"
            "<p>Automated tools find only some accessibility problems. The site has not yet "
            "been audited by an accessibility specialist or tested with disabled users, so "
            "we cannot yet say it fully meets WCAG 2.2 AA.</p>"
        ),
        heading("What we know is not accessible"),
        paragraph(
            "<ul><li>Newsletters and reports attached as PDF documents may not be fully "
            "accessible. Ask us for a different format.</li>"
            "<li>Partner organisations write their own case studies and projects. Editors "
            "check them, including that every image has a text description, but the "
            "quality of that wording varies.</li>"
            "<li>The editor admin is a separate tool used by staff and is not covered by "
            "this statement.</li></ul>"
        ),
        heading("Reporting a problem"),
        paragraph(
            "<p>If you find a problem, or need information in a different format, email the "
            "public health team using the contact address at the bottom of every page. "
            "Tell us the address of the page and what went wrong.</p>"
            "<p>If you are not happy with how we respond, contact the Equality Advisory "
            "and Support Service (EASS). The Equality and Human Rights Commission enforces "
            "the Public Sector Bodies (Websites and Mobile Applications) (No. 2) "
            "Accessibility Regulations 2018.</p>"
        ),
        paragraph(DEMO_POLICY_NOTE),
    ],
}

HOW_TO_APPLY = {
    "slug": "how-to-apply",
    "title": "How to apply",
    "show_in_menus": False,
    "introduction": "How an organisation becomes a partner of the Health Equity Town and "
    "puts its projects and case studies on this site.",
    "body": lambda: [
        heading("Who can apply"),
        paragraph(
            "<p>Any organisation that works to improve health equity in Luton can apply "
            "for a partner account, including:</p>"
            "<ul><li>voluntary, community, faith and social enterprise groups</li>"
            "<li>NHS teams</li>"
            "<li>businesses</li>"
            "<li>schools and colleges</li></ul>"
        ),
        heading("How it works"),
        paragraph(
            '<ol><li>Fill in the <a href="/partners/apply/">partner application form</a>. '
            "You do not need an account to apply.</li>"
            "<li>The public health team reviews your application, usually within ten "
            "working days, and emails you the decision.</li>"
            "<li>If your application is approved, your organisation gets a public profile "
            "on this site and you get an email with a link to choose your password and "
            "sign in to the partner portal.</li>"
            "<li>In the portal you write project pages and case studies. Save drafts as "
            "often as you like, and submit a page for review when it is ready.</li>"
            "<li>An editor reviews each page before it is published. They approve it or "
            "ask for changes, and you are emailed either way.</li></ol>"
        ),
        heading("What to have ready"),
        paragraph(
            "<p>The application form asks for:</p>"
            "<ul><li>your organisation's name and sector</li>"
            "<li>its charity or company number, if it is registered</li>"
            "<li>a few sentences in plain English about what it does: who you work with "
            "and where in Luton. If you are approved, this starts your public profile</li>"
            "<li>your website, if you have one (optional)</li>"
            "<li>the wards you work in, or that you work across the whole of Luton</li>"
            "<li>your name and email address, where we send the decision</li></ul>"
            "<p>For a project page, have ready what the project does, who it is for, where "
            "it runs and how people can take part. A case study follows the questions of "
            "the Annual Public Health Report's template: what you did, who you worked with, "
            "what you achieved, what you learned and what happens next.</p>"
        ),
        heading("Your information"),
        paragraph(
            "<p>The privacy notice, linked at the bottom of every page, explains what we "
            "keep from your application and for how long.</p>"
        ),
        paragraph(DEMO_POLICY_NOTE),
    ],
}


# What happens to each kind of personal data, and when. The periods are read from
# settings.HETSITE_RETENTION, the same setting ``purge_personal_data`` enforces.
RETENTION_ROWS = [
    (
        "unconfirmed_subscribers",
        "Newsletter sign-ups that are never confirmed",
        "Deleted {period} after the sign-up.",
    ),
    (
        "unsubscribed_subscribers",
        "Newsletter subscribers who unsubscribe",
        "{period} after you unsubscribe we delete your address, consent record and "
        "delivery records, keeping only a scrambled (keyed hash) form of the address and "
        "the date, which cannot be turned back into the address. If you sign up again and "
        "confirm, your new subscription replaces it.",
    ),
    (
        "delivery_logs",
        "Newsletter delivery records",
        "The times and any error messages are cleared {period} after sending. The record "
        "that an issue went to you stays while you are subscribed, so that no one is sent "
        "an issue twice.",
    ),
    (
        "rejected_applications",
        "Partner applications that are turned down",
        "Deleted {period} after the decision.",
    ),
    (
        "approved_applications",
        "Partner applications that are approved",
        "The contact's name and email address are removed {period} after approval. "
        "The organisation's own details stay.",
    ),
    (
        "deactivated_members",
        "Partner member accounts that are deactivated",
        "Anonymised {period} after the account is deactivated: the name, email address "
        "and password are removed. Pages the member wrote stay, credited to an anonymous "
        "user.",
    ),
    (
        "sent_emails",
        "Emails we send you (for example a confirmation or a password reset link)",
        "The message itself is deleted as soon as it has been sent. The record that it "
        "was sent (address, subject, time) is deleted {period} later.",
    ),
    (
        "failed_emails",
        "Emails that could not be delivered",
        "Deleted, with the message, {period} after we first tried to send them.",
    ),
    (
        "sign_in_attempts",
        "Failed sign-in attempts (the account name, your internet address and browser)",
        "Kept to stop password guessing, and deleted after {period}.",
    ),
    (
        "task_results",
        "Records of background jobs, such as sending you an email",
        "Deleted {period} after the job finishes.",
    ),
]


def retention_table():
    rows = [["Information", "How long we keep it"]]
    for key, label, text in RETENTION_ROWS:
        sentence = text.format(period=settings.HETSITE_RETENTION[key])
        rows.append([label, sentence[:1].upper() + sentence[1:]])
    return table(rows, caption="How long we keep personal data", first_col_is_header=True)


PRIVACY = {
    "slug": "privacy-notice",
    "title": "Privacy notice",
    "show_in_menus": False,
    "introduction": "What this site stores about you, why, and what you can ask us to do with it.",
    "body": lambda: [
        heading("Who is responsible for your data"),
        paragraph(
            "<p>This site is run by Luton Borough Council's public health team, which is "
            "the data controller for the information below.</p>"
        ),
        heading("If you only read the site"),
        paragraph(
            "<p>Reading pages and searching does not need an account. We do not use "
            "analytics or advertising, and the site loads nothing from other websites, so no "
            "other company learns that you visited.</p>"
        ),
        heading("What we store and why"),
        paragraph(
            "<ul>"
            "<li><strong>Partner applications:</strong> the organisation's name, sector, "
            "charity or company number and what it does, and the contact person's name and "
            "email address. We use them to decide whether to give the organisation an "
            "account and to tell the contact our decision.</li>"
            "<li><strong>Partner accounts:</strong> each member's name, email address, "
            "organisation and a scrambled (hashed) form of their password, never the "
            "password itself. We keep a history of the pages they submit and of editors' "
            "review comments, so changes can be checked and traced.</li>"
            "<li><strong>Newsletter subscribers:</strong> your email address and a record "
            "of your consent: when and how you gave it. Every newsletter has a link to "
            "unsubscribe, and we keep a record that you unsubscribed so we do not email you "
            "again.</li>"
            "</ul>"
        ),
        heading("How long we keep it"),
        paragraph(
            "<p>We delete or anonymise personal data automatically, every day, once it is "
            "older than the periods below.</p>"
        ),
        retention_table(),
        heading("Cookies"),
        paragraph(
            "<p>The site sets only the two cookies it needs to work, so it does not ask for "
            "consent to cookies. Neither is used to track you.</p>"
        ),
        table(
            [
                ["Cookie", "What it does", "When it is set", "How long it lasts"],
                [
                    "sessionid",
                    "Keeps partners and editors signed in",
                    "When you sign in",
                    "Two weeks, or until you sign out",
                ],
                [
                    "csrftoken",
                    "Protects forms from being submitted by other websites",
                    "When you use a form, such as the newsletter sign-up",
                    "One year",
                ],
            ],
            caption="Cookies this site sets",
            first_col_is_header=True,
        ),
        heading("Your rights"),
        paragraph(
            "<p>Under UK data protection law you can ask for a copy of the information we "
            "hold about you (we send it as a file), ask us to correct or delete it, and "
            "object to how we use it. "
            "Email the public health team using the contact address at the bottom of every "
            "page. You can also complain to the Information Commissioner's Office.</p>"
        ),
        paragraph(DEMO_POLICY_NOTE),
    ],
}
