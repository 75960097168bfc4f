import type { ComponentChildren } from 'preact';
import { linkClick } from '../router';

export function Link(props: { href: string; children: ComponentChildren; class?: string; id?: string }) {
  return <a href={props.href} class={props.class} id={props.id} onClick={linkClick}>{props.children}</a>;
}
