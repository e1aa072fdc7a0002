// Every piece of interface text in one place, so the site can be translated by adding a sibling
// module. Lesson and reference prose lives in content/, not here.
export const ui = {
  lang: 'en',
  siteTitle: 'Stateful on Kubernetes',
  siteTagline: 'A hands-on course on stateless and stateful services',
  skipToContent: 'Skip to content',
  menu: 'Menu',
  closeMenu: 'Close menu',
  courseNav: 'Course',
  onThisPage: 'On this page',
  previousLesson: 'Previous',
  nextLesson: 'Next',
  lessonPager: 'Lessons',
  partLabel: (n: number) => `Part ${n}`,
  minutes: (n: number) => `About ${n} minutes`,
  objectivesTitle: 'After this lesson you can',
  statesTitle: 'Kinds of state covered',
  solved: 'solved',
  reference: 'Reference',
  playground: 'Playground',
  progress: 'Progress',
  /** Sidebar group holding the header's links, shown on narrow screens where the header hides them. */
  moreNav: 'More',
  referenceIntro: 'Formats and details to look up while you work through the course.',
  referenceEmpty: 'No reference pages have been published yet.',
  /** The printable one-page summaries of the parts (/summaries/). */
  summaries: {
    title: 'Part summaries',
    intro: 'One printable page per part of the course: each lesson’s objectives and key points, the key terms and the exercises. Print a page (it fits one A4 sheet) as a hand-out or a revision sheet.',
    indexLink: 'Part summaries (printable)',
    pageTitle: (n: number, title: string) => `Part ${n} summary: ${title}`,
    kicker: (n: number) => `Part ${n} · summary`,
    meta: (lessons: number, minutes: number) => `${lessons === 1 ? '1 lesson' : `${lessons} lessons`} · about ${minutes} minutes`,
    objectives: 'You can',
    points: 'Key points',
    terms: 'Key terms',
    exercises: 'Exercises',
    exercisePoints: (kind: 'yaml' | 'quiz', points: number) => `${kind === 'yaml' ? 'YAML' : 'quiz'}, ${points} point${points === 1 ? '' : 's'}`,
    print: 'Print this page',
    printHint: 'Prints on one A4 page, without the site’s navigation.',
    previousPart: 'Previous part',
    nextPart: 'Next part',
    allParts: 'All part summaries',
    pointsCount: (n: number) => (n === 1 ? '1 key point' : `${n} key points`),
    source: 'Stateful on Kubernetes · the full lessons and exercises are on the course site',
  },
  home: 'Home',
  footer: 'Exercises are checked in your browser by a simulator of the Kubernetes controllers.',
  theme: {
    toDark: 'Switch to dark theme',
    toLight: 'Switch to light theme',
  },
  search: {
    open: 'Search',
    shortcut: 'Press / or Ctrl+K',
    label: 'Search the course',
    placeholder: 'Search lessons, e.g. StatefulSet',
    close: 'Close search',
    noResults: (q: string) => `No pages match "${q}".`,
    results: (n: number) => (n === 1 ? '1 result' : `${n} results`),
    unavailable:
      'Search is built with the site. Run `npm run build` and `npm run preview` to try it; the development server has no index.',
    loading: 'Searching…',
  },
  selfCheck: {
    reveal: 'Show the answer',
    answer: 'Answer',
    question: 'Question',
  },
  home404: {
    title: 'Page not found',
    body: 'There is no page at this address. It may have moved when the course was reorganised.',
    back: 'Go to the course outline',
  },
  landing: {
    title: 'Stateless and stateful services on Kubernetes',
    lead:
      'Learn when a service can be treated as interchangeable cattle and when it is a pet with a name, its own disk and a place in a cluster. Then run both on Kubernetes, with every exercise checked in your browser by a simulator of the real controllers.',
    start: 'Start the course',
    outline: 'Course outline',
    audiencesTitle: 'Who it is for',
    audiences: [
      {
        title: 'Self-paced learners',
        body: 'Read a lesson, edit the YAML in the page, check it, ask for a hint and watch the simulator explain what the controllers did. Your progress stays in this browser.',
      },
      {
        title: 'Workshop instructors',
        body: 'Run the course live, adapt an exercise by editing a folder of YAML files, and grade a whole class from the command line.',
      },
      {
        title: 'Graded exercises',
        body: 'The checks that run in the browser are the same ones the grading command runs, so a learner’s result and the instructor’s report always agree.',
      },
    ],
    lessonsCount: (n: number) => (n === 1 ? '1 lesson' : `${n} lessons`),
  },
} as const;

export type UiStrings = typeof ui;
