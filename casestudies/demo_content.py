# ruff: noqa: E501  (the report's paragraphs, kept one per line so they can be compared)
"""The three case studies printed in Luton's Annual Public Health Report 2024.

The text is the report's, copied from its case study figures (6, 7 and 8). The only
changes are layout: the report's HTML fragments became plain text, its bullet points
became "- " lines and its numbered steps "1. " lines, and run-together list items were
split back into their items. Tags are only what the text itself says.
"""

BISCOT = {
    "slug": "biscot-health-and-wellbeing-hub",
    "title": "Biscot Health and Wellbeing Hub",
    "authors": "eQuality Primary Care Network",
    "organisation_name": "eQuality Primary Care Network",
    "organisation_slug": "equality-primary-care-network",
    "year": 2024,
    "about": """\
- Open to ALL our patients. Their families and to the wider community
- EVERYONE IS WELCOME - regardless of age, gender, religion, ethnicity, background, disability, etc.
- Classes and events are TAILORED to the needs and demands our community and patients!
- Multilingual
- This is a friendly SAFE SPACE!""",
    "what_we_did": """\
- Weekly exercise classes (Pure Stretch, Yoga, Zumba, chair-based, etc.)
- Fortnightly community gardening sessions
- Arts, Crafts & Activities workshops
- Work with local schools
- Addressing Knife Crime workshops
- Monthly coffee mornings/afternoons
- Seasonal community festivals""",
    "partners": "Church team; Biscot Councillor; eQuality PCN coaches; GP Biscot Group",
    "achievements": """\
- Collaboration with St Andrew's Church and Local Council
- Aims to create a safe space for vulnerable patients
- Provides access to health education and wellbeing activities for the local population
- Encourages healthy lifestyle through diet and exercise
- Targets health inequalities and hard-to-reach groups
- Integrated Neighbourhood Team""",
    "learning": """\
- Have the right committed & passionate individuals involved
- Listen to the target audience (patients and the local community)
- Assess what is already working in the area and what is missing?
- Collaborate with the local services available around you
- We work with the patients and the community that we have
- Everyone on the team needs to have a shared vision and SMART goals
- Work together to bring it to life!
- Utilise PCN Personalised Care Teams e.g. Health and Wellbeing Coaches as a starting place for the target audience to reach out to""",
    "acknowledgements": "",
    "whats_next": "",
    # Exercise, diet, health education: prevention. A safe space, gardening and
    # festivals for the neighbourhood: healthy places and communities.
    "principles": [5, 6],
    "wards": ["biscot"],
    "neighbourhood": "west-central",
    "priority_group": None,
    "population_groups": [],
}

GOODGYM = {
    "slug": "goodgym-luton-getting-fit-by-doing-good",
    "title": "GoodGym Luton \u2013 Getting Fit By Doing Good!",
    "authors": "David Mansfield",
    "organisation_name": "GoodGym Luton",
    "organisation_slug": "goodgym-luton",
    "year": 2023,
    "about": """\
GoodGym engages adults in physical activity by giving the activity purpose, more than just their fitness.

Members use their energy to contribute to community projects with physical tasks, or isolated older people in their homes.

Whether you enjoy being active or need some motivation to get out there. We hold a range of sessions with varying intensity to suit everyone.

Goodgym isn't confined to a physical location, Luton is our gym. Streets are our treadmill and in the community is where we do our heavy lifting!""",
    "what_we_did": """\
By running regular group sessions every Wednesday evening (whatever the weather!) we have a regular focal point in the week for people to get together and feel part of the GoodGym community. The Friendship and camaraderie between members is a big factor in keeping them coming back.

We also have regular sessions on rotation at other times of the week so there is something on offer nearly every day and at various times of day to suit many people and their circumstances. we are able to support people who walk run or cycle.

Building confidence in our members to lead their own sessions has allowed us to expand the frequency and range of activities that we can support.

We partner with many community groups that seek to tackle various issues:

- Wardown Parkrun - A welcoming, all-abilities fitness event
- FoodCycle - Saving food from waste and providing a hot meal and social to all-comers
- Breakfast Battery Boxes - Food parcels to relieve school holiday food poverty
- Penrose Roots - Gardening project for people in recovery from substance abuse/crime
- 61 Football Club - Grassroots football supporting young men and asylum seekers
- Level Trust - School clothes bank

...and many, many more!

We work extensively with LBC's Parks and Countryside team to maintain and improve Luton's parks and nature reserves, and support large community events such as the Fireworks Spectacular, Luton RunFest, CRUK's Race for Life.

Our visits to older people in their homes have expanded this year with the introduction of social visits in addition to practical tasks. Social visits are purely about sitting down with an isolated older person and having a chat over a cup of tea.

Feedback from one of our social visits: "A lady from GoodGym visited my auntie this week. It was very well received. Auntie enjoyed chatting to the lady over a cup of tea, it is exactly the kind of thing to help with her feeling so lonely.\"""",
    "partners": "",
    "achievements": """\
GoodGym Luton has been running for over two years and membership continues to grow.

In 2023 so far 49 members have participated in 279 group sessions and done over 1000 individual good deeds in the community. In the process they've covered a distance of over 4500km!

In the last year we have made a strong connection with Luton's asylum seekers, who have benefitted from the community connections and the chance to pay something back and make good use of their time, while helping their fitness and mental state.""",
    "learning": """\
A big challenge has been finding new members. We have an excellent and dedicated core membership but a larger pool of members would allow us to take on more projects and especially expand our support to older people in their home.

This year our asylum seekers have been a great boost to our membership, adding diversity to the team. It has highlighted the difficulties they face and taught us a lot about how they are treated by the Home Office and how vulnerable they are.""",
    "acknowledgements": "Thanks to LBC for providing start-up funding to launch GoodGym Luton",
    "whats_next": """\
Next steps:

1. Keep on going, consistency is key!
2. Boost membership, this allows us to increase our impact over a wider area
3. Find new community groups to partner with.
4. Increase our pool of DBS checked members for work with older people""",
    # Physical activity to prevent ill health; parks, nature reserves and community work.
    "principles": [5, 6],
    "wards": [],
    "neighbourhood": None,
    "priority_group": None,
    "population_groups": ["older-people", "asylum-seekers-and-refugees"],
}

NOAH = {
    "slug": "homelessness-and-exclusion",
    "title": "Homelessness and Exclusion \u2013 Noah Enterprises",
    "authors": "Paul Prosser",
    "organisation_name": "NOAH Enterprises",
    "organisation_slug": "noah-enterprises",
    "year": 2023,
    "about": """\
NOAH takes a holistic approach to homelessness and exclusion and no matter which service a person comes to first they are encouraged to make use of as many areas of NOAH as necessary to enable them to reach their potential.

Welfare, Advice and Outreach
Welfare services are at the heart of NOAH. It is through our welfare and outreach services that people most often have their initial contact with NOAH.

Social Enterprise
Our Social Enterprise activities raise money to support NOAH's charitable works and provide support and work experience to many NOAH service users.

Work Experience and Skills Training
A very important step on the journey to a better future for someone who has been homeless and/or long-term unemployed is the opportunity to gain work experience and training in employable skills. Combining this with preparation for employment provides a bridge into a sustainable future.""",
    "what_we_did": """\
Ola's Story \u2013 August 2023

In July a Nigerian patient Ola was ready to be discharged from Ash ward at the L&D but he had nowhere to live. If he returned to rough sleeping the likelihood of relapse and readmission for his mental wellbeing was high.

When he came to NOAH his face was swollen, he was depressed and highly medicated and he looked sick and scared about what was happening to him.

However, instead of rough sleeping the NOAH Hospital Discharge Worker Shenaz provided him with a few nights interim hotel accommodation and referred him to our in-house immigration advisor Maria. She wrote to the home office regarding his 10yr family visa route and submitted a change of condition form. She helped him upload his bank statements and necessary evidence of destitution and stressed the urgency of the case in her correspondence. Within just 5 days the home office confirmed that his no recourse to public funds status had been removed and he was now entitled to claim housing benefit.

When he came and spoke to Maria she told him there was good news. He was screaming and jumping, he said this was a new lease of life for him. We had to ask him to calm down as the relief was so strong.""",
    "partners": "",
    "achievements": """\
That same day our NOAH Hospital Discharge Project Worker Shenaz helped him make a universal credit claim and provided a new mobile phone and sim for him to administer this application. Two days later we helped him apply for accommodation at a local supported housing provider in Luton. Ola came to us and said that actually he had been able to find himself a private rented room in Luton which accepted housing benefit which he preferred. He was able to move himself in and get set up in a new home.

It is unlikely this level of expertise and holistic intervention including OISC immigration advice would have been able to unlock the situation were it not for NOAH's involvement.

We fully believe that access to stable and quality accommodation is a significant wider determinant of health and wellbeing and we strive to help everyone in Luton to obtain this to avoid future health challenges and hospital admissions.""",
    "learning": "",
    "acknowledgements": """\
- Luton Citizens Advice
- Luton Council Housing
- Luton and Dunstable Hospital""",
    "whats_next": "",
    # Work experience and skills (3), benefits and a home (4), avoiding hospital
    # admissions (6); housing as a wider determinant of health: Housing and Health.
    "principles": [3, 4, 6],
    "wards": [],
    "neighbourhood": None,
    "priority_group": "housing-and-health",
    "population_groups": ["people-experiencing-homelessness"],
}

CASE_STUDIES = [BISCOT, GOODGYM, NOAH]

INDEX = {
    "slug": "case-studies",
    "title": "Case studies",
    "introduction": (
        "What partners across Luton did to improve health equity, what they achieved and "
        "what they learnt, told in the Annual Public Health Report's case study template. "
        "Filter by Marmot principle, ward or priority, or search."
    ),
}
