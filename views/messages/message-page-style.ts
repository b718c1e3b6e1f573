/** Styles of the message page, sent in a style element with the request's CSP nonce (the shared stylesheet stays untouched). */
export const MESSAGE_PAGE_STYLE = `
.mh-vh { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
.mh-thread-nav { display: flex; gap: 1rem; flex-wrap: wrap; align-items: baseline; }
.mh-actions { display: flex; flex-wrap: wrap; gap: .5rem; align-items: end; }
.mh-actions form { display: inline-flex; gap: .35rem; align-items: end; margin: 0; }
.mh-state { display: flex; gap: .5rem; flex-wrap: wrap; margin: .25rem 0 .75rem; }
.mh-badge { border: 1px solid var(--line); border-radius: 1rem; padding: 0 .6rem; font-size: .85rem; }
.mh-ai-top { display: flex; flex-wrap: wrap; gap: 1.5rem; align-items: start; }
.mh-matrix { border-collapse: collapse; }
.mh-matrix caption { text-align: left; font-weight: 600; padding-bottom: .25rem; }
.mh-matrix th, .mh-matrix td { border: 1px solid var(--line); padding: .3rem .5rem; font-size: .85rem; min-width: 4.5rem; text-align: center; }
.mh-matrix td.current { background: var(--accent); color: #fff; font-weight: 600; }
.mh-light { display: inline-block; width: .8rem; height: .8rem; border-radius: 50%; vertical-align: middle; border: 1px solid #0003; }
.mh-light-red { background: #c62828; } .mh-light-yellow { background: #f9a825; } .mh-light-green { background: #2e7d32; }
.mh-phishing { color: #b71c1c; font-weight: 600; }
.mh-reasons li { margin: .35rem 0; }
.mh-tags { display: flex; gap: .4rem; flex-wrap: wrap; list-style: none; padding: 0; }
.mh-body-tabs { display: flex; gap: .5rem; flex-wrap: wrap; align-items: center; }
.mh-frame { width: 100%; height: 70vh; min-height: 20rem; border: 1px solid var(--line); border-radius: .35rem; background: #fff; resize: vertical; }
.mh-frame.sized { min-height: 0; resize: none; }
.mh-text { white-space: pre-wrap; overflow-wrap: anywhere; font: inherit; background: var(--card); border: 1px solid var(--line); border-radius: .35rem; padding: .75rem; }
.mh-remote { display: flex; flex-wrap: wrap; gap: .5rem; align-items: center; }
.mh-remote form { display: inline; margin: 0; }
.mh-vip { display: flex; flex-wrap: wrap; gap: .5rem; align-items: center; margin: .5rem 0 0; }
.mh-attachments li { margin: .25rem 0; }
`;
